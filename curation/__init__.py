"""The curators' workplace: the Django admin for the directory, the program file format with
import and export, restoring deleted listings, and loading the project's data. Builds on
programs (and loads the guide's content through careers)."""
