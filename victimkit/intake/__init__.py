"""victimkit.intake"""
