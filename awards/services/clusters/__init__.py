"""Cụm / khối thi đua: members, self-scores and the cluster's assessment, ranking, proposals."""
