# Builds victimkit for Windows: the PyInstaller one-folder app, then the Inno Setup installer.
# Written from the PyInstaller and Inno Setup documentation; run by .github/workflows/windows.yml.
# It has NOT been run on the Linux machine where it was written.
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-TesseractDir "C:\Program Files\Tesseract-OCR"]
#
# Needs: Python 3.11+ (x64) on PATH, Inno Setup 6.3+ (ISCC.exe). Output:
#   dist\victimkit\                                  the app folder (victimkit.exe, victimkit-gui.exe)
#   dist\victimkit-<version>-windows-x64-setup.exe   the installer
param(
    # A Tesseract installation (UB Mannheim build, Apache-2.0) to bundle into dist\victimkit\tesseract.
    # Without it the app uses a Tesseract on PATH when there is one, and RapidOCR otherwise.
    [string]$TesseractDir = "",
    [string]$Python = "python"
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

$Root = Resolve-Path (Join-Path $PSScriptRoot "..\..")
Set-Location $Root
$Venv = Join-Path $Root "build\win-venv"
$Py = Join-Path $Venv "Scripts\python.exe"

function Invoke-Checked([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe $($arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

Write-Host "== Python environment"
if (-not (Test-Path $Py)) { Invoke-Checked $Python @("-m", "venv", $Venv) }
Invoke-Checked $Py @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
Invoke-Checked $Py @("-m", "pip", "install", "--quiet", ".[dist]")
# RapidOCR declares opencv-python, which carries Qt 5 and FFmpeg for its own windows; victimkit
# needs only the image functions. In this build environment only: the same cv2 without the GUI.
Invoke-Checked $Py @("-m", "pip", "uninstall", "--quiet", "-y", "opencv-python")
Invoke-Checked $Py @("-m", "pip", "install", "--quiet", "opencv-python-headless")
$Version = (& $Py -c "import victimkit; print(victimkit.__version__)").Trim()

Write-Host "== Translations"
Invoke-Checked $Py @("scripts\compile_translations.py")

Write-Host "== PyInstaller"
$sw = [Diagnostics.Stopwatch]::StartNew()
Invoke-Checked $Py @("-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller", "packaging\pyinstaller\victimkit.spec")
$sw.Stop()
$App = Join-Path $Root "dist\victimkit"
$size = (Get-ChildItem $App -Recurse -File | Measure-Object -Sum Length).Sum / 1MB
Write-Host ("built dist\victimkit in {0:N0} s: {1:N0} MB" -f $sw.Elapsed.TotalSeconds, $size)

if ($TesseractDir) {
    Write-Host "== Bundling Tesseract from $TesseractDir"
    if (-not (Test-Path (Join-Path $TesseractDir "tesseract.exe"))) { throw "no tesseract.exe in $TesseractDir" }
    $Dest = Join-Path $App "tesseract"
    Copy-Item $TesseractDir $Dest -Recurse -Force
    # The UB Mannheim installer ships eng and osd; victimkit reads Chinese too.
    $chi = Join-Path $Dest "tessdata\chi_sim.traineddata"
    if (-not (Test-Path $chi)) {
        Invoke-WebRequest -Uri "https://github.com/tesseract-ocr/tessdata_fast/raw/main/chi_sim.traineddata" -OutFile $chi
    }
}

Write-Host "== Smoke test of the built program"
Invoke-Checked (Join-Path $App "victimkit.exe") @("--version")
$Smoke = Join-Path $env:TEMP "victimkit-smoke"
if (Test-Path $Smoke) { Remove-Item $Smoke -Recurse -Force }
$env:VICTIMKIT_HOME = Join-Path $Smoke "home"
Invoke-Checked (Join-Path $App "victimkit.exe") @("case", "new", (Join-Path $Smoke "case"), "--title", "smoke")
Invoke-Checked (Join-Path $App "victimkit.exe") @("add", (Join-Path $Smoke "case"), "resources\demo")
Invoke-Checked (Join-Path $App "victimkit.exe") @("export", (Join-Path $Smoke "case"), "--pdf", (Join-Path $Smoke "dossier.pdf"))
Invoke-Checked (Join-Path $App "victimkit.exe") @("verify", (Join-Path $Smoke "case"))
Remove-Item Env:\VICTIMKIT_HOME

Write-Host "== Inno Setup"
$Isl = Join-Path $PSScriptRoot "ChineseSimplified.isl"
if (-not (Test-Path $Isl)) {
    Invoke-WebRequest -Uri "https://raw.githubusercontent.com/jrsoftware/issrc/main/Files/Languages/Unofficial/ChineseSimplified.isl" -OutFile $Isl
}
$Iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) { $Iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
if (-not (Test-Path $Iscc)) { throw "Inno Setup's ISCC.exe not found: install Inno Setup 6 (choco install innosetup)" }
Invoke-Checked $Iscc @("/DAppVersion=$Version", "/DSourceDir=$App", "/DOutputDir=$(Join-Path $Root 'dist')",
    (Join-Path $PSScriptRoot "victimkit.iss"))
Get-ChildItem (Join-Path $Root "dist\victimkit-*-setup.exe") | ForEach-Object { Write-Host ("{0}: {1:N0} MB" -f $_.Name, ($_.Length / 1MB)) }
