"""Document structure from raw pages: layout, tables and attendees, cover metadata, sections, language blocks.

Each module annotates the Document from a backend's RawDocument or from fields an earlier stage wrote.
"""
