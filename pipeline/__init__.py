"""tripreport: a bilingual (Chinese + Japanese) pipeline for 出國報告 trip reports."""

__version__ = "0.1.0"
