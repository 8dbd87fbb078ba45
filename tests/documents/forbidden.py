"""What never appears in a document a person reads (issue 17), shared by the document tests."""

from __future__ import annotations

import re

# Status tags and research notes, enum codes, unit codes, internal states, dossier codes.
FORBIDDEN = re.compile(
    r"\[(?:V|R|C|V-old)[:\]]|\b[a-z]+_[a-z_]+\b|\bCS\d{5}\b|\bNháp\b|\bHS-\d{4}-\d{3,}"
    r"|chưa tìm được|cần xác minh|Thi đua - Khen thưởng"
)
