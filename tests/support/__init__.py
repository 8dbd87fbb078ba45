"""Test-data builders and harnesses shared by the tests.

Test modules import from here and from conftest fixtures, never from each other. Each module is
one world: `lifecycle` (the small organisation of Than Uyên, its round, draft/drive/req),
`appraisal` (people with a history, dossiers brought to appraisal), `council` (the council of
Than Uyên, eligible dossiers, sessions), `reminders`, `escalation`, `batches` (bulk work for the
crash batches), `seed004` (the "01 triệu sáng kiến" table), `web` (users, clients, sign-in),
`screens`, `council_matrix`, `browser` (the Chromium walk), `cli`, `smtp` (a real aiosmtpd
server), `databases` (per-test PostgreSQL databases), `documents`, `ports`, and `race_worker` /
`council_race_worker` (what each racing thread or process of the race tests does). `fakes`
holds in-memory fakes of the repositories for unit tests of the use cases.
"""
