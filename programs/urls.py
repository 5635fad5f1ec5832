from django.urls import path

from . import feeds, views

app_name = "programs"

urlpatterns = [
    path("", views.ProgramListView.as_view(), name="list"),
    path("feed/", feeds.SearchFeed(), name="feed"),
    path("compare/", views.CompareView.as_view(), name="compare"),
    path("<slug:slug>/", views.ProgramDetailView.as_view(), name="detail"),
]
