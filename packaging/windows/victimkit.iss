; Inno Setup script for victimkit on Windows (x64), written from the Inno Setup 6 documentation
; (jrsoftware.org/ishelp). Not compiled on the machine where it was written (Linux): the
; Windows workflow (.github/workflows/windows.yml) runs it through build.ps1.
;
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=..\..\dist\victimkit packaging\windows\victimkit.iss
;
; Installs per user (no administrator rights needed: many victims use a shared or locked
; computer), into %LOCALAPPDATA%\Programs\victimkit. The cases are NOT in the program folder:
; they live in %LOCALAPPDATA%\victimkit\cases and uninstalling never deletes them.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\victimkit"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
; The same reverse-DNS id as the desktop file, the AppStream id and the Qt desktop file name.
AppId=io.github.victimkit.Victimkit
AppName=victimkit
AppVersion={#AppVersion}
AppVerName=victimkit {#AppVersion}
AppPublisher=victimkit developers
AppPublisherURL=https://github.com/victimkit/victimkit
AppSupportURL=https://github.com/victimkit/victimkit/issues
DefaultDirName={autopf}\victimkit
DefaultGroupName=victimkit
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
WizardStyle=modern
SetupIconFile=victimkit.ico
UninstallDisplayIcon={app}\victimkit-gui.exe
UninstallDisplayName=victimkit
LicenseFile=license-summary.txt
Compression=lzma2/max
SolidCompression=yes
OutputDir={#OutputDir}
OutputBaseFilename=victimkit-{#AppVersion}-windows-x64-setup
ShowLanguageDialog=auto
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
; Chinese (Simplified) is an unofficial translation in Inno Setup: build.ps1 downloads it from
; jrsoftware/issrc (Files/Languages/Unofficial/ChineseSimplified.isl) next to this script.
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"

[CustomMessages]
english.LaunchApp=Open victimkit now
chinesesimplified.LaunchApp=立即打开 victimkit
english.CommandLine=victimkit (command line)
chinesesimplified.CommandLine=victimkit（命令行）

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\victimkit"; Filename: "{app}\victimkit-gui.exe"; AppUserModelID: "io.github.victimkit.Victimkit"
Name: "{autodesktop}\victimkit"; Filename: "{app}\victimkit-gui.exe"; Tasks: desktopicon; AppUserModelID: "io.github.victimkit.Victimkit"

[Run]
Filename: "{app}\victimkit-gui.exe"; Description: "{cm:LaunchApp}"; Flags: nowait postinstall skipifsilent
