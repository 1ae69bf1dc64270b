"""victimkit.gui"""
