"""victimkit.pipeline"""
