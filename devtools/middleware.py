"""Pieces of the benchmark that run inside the site (devtools.settings only).

`QueryCountMiddleware` reports how many SQL queries a request ran in the
`X-DB-Queries` response header, so the benchmark can check the query ceiling
on the real server with the real dataset.
"""

from django.db import connections


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _Counter()
        wrappers = [connections[alias].execute_wrapper(counter) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-DB-Queries"] = str(counter.count)
        return response
