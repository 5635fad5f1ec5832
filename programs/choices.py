"""Closed sets of values used by the directory, each with its plain-language meaning."""

from django.db import models
from django.utils.text import capfirst


class State(models.TextChoices):
    """The 50 states, the District of Columbia and Puerto Rico (USPS codes)."""

    AL = "AL", "Alabama"
    AK = "AK", "Alaska"
    AZ = "AZ", "Arizona"
    AR = "AR", "Arkansas"
    CA = "CA", "California"
    CO = "CO", "Colorado"
    CT = "CT", "Connecticut"
    DE = "DE", "Delaware"
    DC = "DC", "District of Columbia"
    FL = "FL", "Florida"
    GA = "GA", "Georgia"
    HI = "HI", "Hawaii"
    ID = "ID", "Idaho"
    IL = "IL", "Illinois"
    IN = "IN", "Indiana"
    IA = "IA", "Iowa"
    KS = "KS", "Kansas"
    KY = "KY", "Kentucky"
    LA = "LA", "Louisiana"
    ME = "ME", "Maine"
    MD = "MD", "Maryland"
    MA = "MA", "Massachusetts"
    MI = "MI", "Michigan"
    MN = "MN", "Minnesota"
    MS = "MS", "Mississippi"
    MO = "MO", "Missouri"
    MT = "MT", "Montana"
    NE = "NE", "Nebraska"
    NV = "NV", "Nevada"
    NH = "NH", "New Hampshire"
    NJ = "NJ", "New Jersey"
    NM = "NM", "New Mexico"
    NY = "NY", "New York"
    NC = "NC", "North Carolina"
    ND = "ND", "North Dakota"
    OH = "OH", "Ohio"
    OK = "OK", "Oklahoma"
    OR = "OR", "Oregon"
    PA = "PA", "Pennsylvania"
    PR = "PR", "Puerto Rico"
    RI = "RI", "Rhode Island"
    SC = "SC", "South Carolina"
    SD = "SD", "South Dakota"
    TN = "TN", "Tennessee"
    TX = "TX", "Texas"
    UT = "UT", "Utah"
    VT = "VT", "Vermont"
    VA = "VA", "Virginia"
    WA = "WA", "Washington"
    WV = "WV", "West Virginia"
    WI = "WI", "Wisconsin"
    WY = "WY", "Wyoming"


class Control(models.TextChoices):
    PUBLIC = "public", "Public"
    NONPROFIT = "nonprofit", "Private nonprofit"
    FOR_PROFIT = "for_profit", "Private for-profit"


class Credential(models.TextChoices):
    CERTIFICATE = "certificate", "Certificate"
    AAS = "aas", "Associate of Applied Science (AAS)"
    AS = "as", "Associate of Science (AS)"
    AOS = "aos", "Associate of Occupational Studies (AOS)"
    # The school says "associate degree" without naming which one.
    ASSOCIATE = "associate", "Associate degree (type not published)"

    @classmethod
    def associate(cls):
        return [cls.AAS, cls.AS, cls.AOS, cls.ASSOCIATE]


class Delivery(models.TextChoices):
    ONLINE = "online", "Online coursework, clinical practicum near you"
    HYBRID = "hybrid", "Online coursework with required campus sessions"
    ONLINE_LIVE = "online_live", "Live online classes on a schedule, clinical practicum near you"


DELIVERY_MEANING = {
    Delivery.ONLINE: "Lectures and coursework are online at your own pace; the hands-on part "
    "happens at a clinical laboratory near you.",
    Delivery.HYBRID: "Coursework is online, but you must travel to a campus or partner site for "
    "scheduled lab sessions.",
    Delivery.ONLINE_LIVE: "Classes meet online at set times; the hands-on part happens at a "
    "clinical laboratory near you.",
}


class Agency(models.TextChoices):
    NAACLS = "naacls", "NAACLS"
    ABHES = "abhes", "ABHES"
    NONE = "none", "No programmatic accreditor"


AGENCY_FULL_NAME = {
    Agency.NAACLS: "National Accrediting Agency for Clinical Laboratory Sciences",
    Agency.ABHES: "Accrediting Bureau of Health Education Schools",
    Agency.NONE: "No programmatic accreditation",
}


class AccreditationStatus(models.TextChoices):
    SERIOUS_APPLICANT = "serious_applicant", "Serious applicant"
    INITIAL = "initial", "Initial"
    CONTINUING = "continuing", "Continuing"
    PROBATION = "probation", "Probation"
    INACTIVE = "inactive", "Inactive"
    # The school says the program is accredited but not which award (initial, continuing...).
    ACCREDITED = "accredited", "Accredited (award not published)"
    NOT_ACCREDITED = "not_accredited", "Not accredited"
    # No source read states the program's accreditation either way.
    UNKNOWN = "unknown", "Accreditation not published"

    @classmethod
    def accredited(cls):
        """Statuses under which the program currently holds programmatic accreditation."""
        return [cls.INITIAL, cls.CONTINUING, cls.PROBATION, cls.INACTIVE, cls.ACCREDITED]


# What the unknown status rests on (its meaning below, and its ASCP line in accreditation.py).
NO_SCHOOL_STATEMENT = "no page of the school's that we read says whether the program is accredited"

# Badge wording: status is never told by colour alone.
ACCREDITATION_BADGE = {
    AccreditationStatus.SERIOUS_APPLICANT: "Not yet accredited: serious applicant",
    AccreditationStatus.INITIAL: "Accredited: initial",
    AccreditationStatus.CONTINUING: "Accredited: continuing",
    AccreditationStatus.PROBATION: "Accredited: on probation",
    AccreditationStatus.INACTIVE: "Accredited: inactive (not admitting)",
    AccreditationStatus.ACCREDITED: "Accredited, says the school",
    AccreditationStatus.NOT_ACCREDITED: "Not accredited",
    AccreditationStatus.UNKNOWN: "Accreditation not published",
}

# Plain-language meaning of each status (NAACLS's terms; ASCP's page for program directors for
# serious applicant status). What a status means for certification lives in accreditation.py.
ACCREDITATION_MEANING = {
    AccreditationStatus.SERIOUS_APPLICANT: "The program has sent NAACLS its application and "
    "self-study and is working towards its first award. It is not accredited yet, but ASCP "
    "accepts people who finish after this status was granted under its program route.",
    AccreditationStatus.INITIAL: "The program earned its first accreditation award.",
    AccreditationStatus.CONTINUING: "The program has been reviewed again and keeps its "
    "accreditation.",
    AccreditationStatus.PROBATION: "The program is still accredited but must fix problems the "
    "accreditor found by a deadline. Ask the program how this affects you.",
    AccreditationStatus.INACTIVE: "The program is still accredited but is not admitting new "
    "students at the moment.",
    AccreditationStatus.NOT_ACCREDITED: "No programmatic accreditation. The college itself may "
    "still be accredited, which matters for AMT.",
    AccreditationStatus.ACCREDITED: "The school's page says the program is accredited but not "
    "which award it holds or until when. Check the program on NAACLS's own program search "
    "before you rely on it.",
    AccreditationStatus.UNKNOWN: f"{capfirst(NO_SCHOOL_STATEMENT)}. "
    "Ask the school, and check NAACLS's own program search, before you apply.",
}


class Certification(models.TextChoices):
    ASCP = "ascp", "MLT(ASCP)"
    AMT = "amt", "MLT(AMT)"


class ClinicalArrangement(models.TextChoices):
    PROGRAM_ARRANGES = "program_arranges", "Program arranges your clinical site"
    STUDENT_FINDS = "student_finds", "You find your own clinical site"
    MUST_BE_EMPLOYED = "must_be_employed", "You must already work in a laboratory"


CLINICAL_MEANING = {
    ClinicalArrangement.PROGRAM_ARRANGES: "The program places you with one of its partner "
    "laboratories for the practicum.",
    ClinicalArrangement.STUDENT_FINDS: "You must find a laboratory that agrees to host your "
    "practicum, often with a signed statement of support, before you can start.",
    ClinicalArrangement.MUST_BE_EMPLOYED: "The program is built for people already working in a "
    "clinical laboratory, who do the practicum at their workplace.",
}


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class SessionKind(models.TextChoices):
    LAB = "lab", "Student labs"
    CLASSES = "classes", "In-person classes"
    IMMERSION = "immersion", "Campus immersion"
    WEEKEND = "weekend", "Weekend labs"
    CHECKOFF = "checkoff", "Skills check-off"
    ORIENTATION = "orientation", "On-campus orientation"
    EXAM = "exam", "Proctored practical exam"


class Frequency(models.TextChoices):
    ONCE = "once", "once in the program"
    PER_TERM = "per_term", "each term"
    PER_COURSE = "per_course", "for each lab course"
    PER_YEAR = "per_year", "each year"
    WEEKLY = "weekly", "every week"
    EVERY_OTHER_WEEK = "every_other_week", "every other week"
    MONTHLY = "monthly", "every month"
    PERIODIC = "periodic", "at times the program sets"
    NOT_PUBLISHED = "not_published", "how often is not published"


# NAACLS outcome benchmarks (three-year averages), domain reference section 2.
NAACLS_BENCHMARKS = [
    ("pass_rate", "Certification pass rate", 75),
    ("graduation_rate", "Graduation rate", 70),
    ("placement_rate", "Placement rate", 70),
]


class AdmissionStatus(models.TextChoices):
    """Whether the program is taking applications, as far as its sources show."""

    ADMITTING = "admitting", "Admitting students"
    NOT_ADMITTING = "not_admitting", "Not admitting students"
    UNKNOWN = "unknown", "Admission status not published"


class Confidence(models.TextChoices):
    """How sure the curators are that a listing matches the school's current program."""

    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


CONFIDENCE_MEANING = {
    Confidence.HIGH: "Recent, dated pages from the school agree on the main facts.",
    Confidence.MEDIUM: "The school's pages describe the program, but some are undated or older.",
    Confidence.LOW: "Few or old sources: check every fact with the school before relying on it.",
}


class ListingStatus(models.TextChoices):
    """Whether the program still exists in the form listed, as far as its sources show."""

    ACTIVE = "active", "Active as far as sources show"
    UNCERTAIN = "uncertain", "Uncertain: not confirmed on a current page"
    HISTORICAL = "historical", "Historical: no longer offered"


class FactGroup(models.TextChoices):
    """The groups of facts a listing cites a source for, in the order pages show them."""

    DELIVERY = "delivery", "How it is taught"
    ACCREDITATION = "accreditation", "Accreditation"
    CAMPUS = "campus", "Campus and lab requirements"
    CLINICAL = "clinical", "Clinical placement"
    TUITION = "tuition", "Tuition"
    OUTCOMES = "outcomes", "Outcomes"
    RESTRICTIONS = "restrictions", "Who can enrol"


class LabLocation(models.TextChoices):
    """Where a hands-on requirement takes place; only CAMPUS involves travel to a set site."""

    CAMPUS = "campus", "On campus or at a set site"
    WORKPLACE = "workplace", "At the student's own workplace laboratory"
    STUDENT_LAB = "student_lab", "At a laboratory the student arranges near home"
    LOCAL_LAB = "local_lab", "At an affiliated laboratory near the student"
    UNKNOWN = "unknown", "Place not published"

    @classmethod
    def near_student(cls):
        """Places that are near the student by design: no campus travel."""
        return [cls.WORKPLACE, cls.STUDENT_LAB, cls.LOCAL_LAB]
