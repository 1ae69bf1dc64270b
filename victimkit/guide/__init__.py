"""victimkit.guide"""
