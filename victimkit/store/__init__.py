"""victimkit.store"""
