"""Turn a template name and a plain context into e-mail, and deliver it.

A leaf package: it knows nothing about dossiers, databases or Prefect.

    rendered = render("dossier_returned", context)
    message = build_email(rendered, sender=..., to=[...], message_id=make_message_id(key, domain))
    results = await send_batch([(key, message)], SmtpConfig(host=..., port=...))
"""

from notifications.data import context_from_data, context_to_data, context_to_json
from notifications.errors import NotificationError, RenderError
from notifications.message import Attachment, build_email, make_message_id
from notifications.render import TEMPLATES, RenderedMessage, render, render_subject
from notifications.samples import SAMPLES
from notifications.send import DeliveryResult, SmtpConfig, send_batch, write_eml
from notifications.vn import place_date, short_date, vn_date, vn_sort_key

__all__ = [
    "SAMPLES",
    "TEMPLATES",
    "Attachment",
    "DeliveryResult",
    "NotificationError",
    "RenderError",
    "RenderedMessage",
    "SmtpConfig",
    "build_email",
    "context_from_data",
    "context_to_data",
    "context_to_json",
    "make_message_id",
    "place_date",
    "render",
    "render_subject",
    "send_batch",
    "short_date",
    "vn_date",
    "vn_sort_key",
    "write_eml",
]
