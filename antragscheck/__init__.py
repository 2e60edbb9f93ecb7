"""antragscheck: checks staffing requests (Stellenschaffungen) written in Word.

The pipeline, one module per stage: read → structure → extract → rules → report.
"""

__version__ = "0.1.0"
