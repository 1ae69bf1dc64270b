"""victimkit.dossier"""
