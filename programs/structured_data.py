"""schema.org JSON-LD for program pages (EducationalOccupationalProgram)."""

from .choices import Credential, Delivery


def program_json_ld(program, url: str) -> dict:
    mode = "online" if program.delivery != Delivery.HYBRID else "blended"
    data = {
        "@context": "https://schema.org",
        "@type": "EducationalOccupationalProgram",
        "name": program.name,
        "url": url,
        "description": program.description,
        "provider": {
            "@type": "CollegeOrUniversity",
            "name": program.institution.name,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": program.institution.city,
                "addressRegion": program.institution.state,
                "postalCode": program.institution.zip_code,
                "addressCountry": "US",
            },
        },
        "occupationalCategory": {
            "@type": "CategoryCode",
            "codeValue": "29-2012",
            "inCodeSet": "https://www.bls.gov/soc/",
            "name": "Medical and Clinical Laboratory Technicians",
        },
    }
    # What the school does not publish is left out, never guessed.
    if program.delivery:
        data["educationalProgramMode"] = mode
    if program.credential:
        data["educationalCredentialAwarded"] = program.get_credential_display()
    if program.length_months:
        data["timeToComplete"] = f"P{program.length_months}M"
    if program.tuition_total is not None:
        data["offers"] = {
            "@type": "Offer",
            "category": "Total tuition (estimate)",
            "price": program.tuition_total,
            "priceCurrency": "USD",
        }
    if program.institution.website:
        data["provider"]["url"] = program.institution.website
    if program.credit_hours:
        data["numberOfCredits"] = program.credit_hours
    if program.prerequisites:
        data["programPrerequisites"] = program.prerequisites
    if program.credential == Credential.CERTIFICATE:
        data["educationalCredentialAwarded"] = "Certificate"
    credentials = []
    if program.eligible_ascp:
        credentials.append("MLT(ASCP) certification eligibility")
    if program.eligible_amt:
        credentials.append("MLT(AMT) certification eligibility")
    if credentials:
        data["occupationalCredentialAwarded"] = credentials
    return data
