"""Blog tests. The post and comment fixtures are in tests/conftest.py: others use them too."""

# A browser's User-Agent: bots' reads count no views.
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36"
