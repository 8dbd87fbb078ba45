"""The routers: thin routes over awards.services, pages (`*_pages`) and JSON under /api (`api`,
`*_api`). They import awards.web.deps and the services; only awards.web.app imports them."""
