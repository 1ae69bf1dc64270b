"""victimkit.analysis"""
