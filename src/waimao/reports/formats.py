"""The languages and file formats of a release: constants only, so the CLI's help needs no report code."""

LANGS = ("zh", "en")
#: format → (media type, file suffix)
FORMATS = {
    "md": ("text/markdown; charset=utf-8", ".md"),
    "html": ("text/html; charset=utf-8", ".html"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
}


__all__ = ["FORMATS", "LANGS"]
