# Sphinx configuration for the Corvid documentation.
project = 'Corvid'
copyright = '2026, the Corvid developers'
author = 'the Corvid developers'
version = release = '0.1.0'

extensions = []
templates_path = []
exclude_patterns = ['_build']
html_theme = 'alabaster'
html_static_path = []
