"""victimkit.ocr"""
