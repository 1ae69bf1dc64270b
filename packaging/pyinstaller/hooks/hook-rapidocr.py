# RapidOCR 3.x (PP-OCRv6 small models in the wheel): models, YAML configs and font-free data.
from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

datas = collect_data_files("rapidocr") + copy_metadata("rapidocr")
hiddenimports = collect_submodules("rapidocr")
