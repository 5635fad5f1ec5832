from django.urls import path

from . import views

app_name = "careers"

urlpatterns = [
    path("", views.GuideIndexView.as_view(), name="index"),
    path("eligibility/", views.eligibility, name="eligibility"),
    path("<slug:slug>/", views.PageView.as_view(), name="page"),
]
