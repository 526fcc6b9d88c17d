"""Serializers of the roles API, by part: `pay` (the figures a guide states, the regional salary endpoint),
`guide` (roles, levels, skills, comparisons) and `reader_tools` (self-assessment, job descriptions)."""
