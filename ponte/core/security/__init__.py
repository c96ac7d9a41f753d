"""Security controls of docs/privacy.md that need no user model: login throttling (django-axes)
and the browser's Permissions-Policy. The second factor lives with the users, in
`ponte.network.two_factor`."""
