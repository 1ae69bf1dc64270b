# RapidOCR 1.4 (PP-OCRv4): its ONNX models and config.yaml are package data, and victimkit
# reads the package version through importlib.metadata.
from PyInstaller.utils.hooks import collect_data_files, collect_submodules, copy_metadata

datas = collect_data_files("rapidocr_onnxruntime") + copy_metadata("rapidocr_onnxruntime")
hiddenimports = collect_submodules("rapidocr_onnxruntime")
