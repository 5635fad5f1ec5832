"""What every app uses: formatting, dates, URLs and JSON-LD, history stamping, fixture loading.

core imports no app of the project; every app may import it.
"""
