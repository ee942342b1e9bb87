"""reportgen: 政府信息公开工作年度报告 generator and validator."""

__version__ = "0.1.0"
