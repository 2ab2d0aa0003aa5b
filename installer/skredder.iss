; Inno Setup 6 script of Skredder's Windows installer. UNTESTED (never built on Windows yet): see
; installer/skredder-windows.spec for the bundle it packs. Per-user install by default (no administrator needed);
; uninstalling removes the program and keeps the user's data (%LOCALAPPDATA%\Skredder\Skredder).
#define AppVersion "0.1.0"

[Setup]
AppId={{6F5C2B7E-3D1A-4C8E-9B2F-5A7D1E3C9B40}
AppName=Skredder
AppVersion={#AppVersion}
AppPublisher=Skredder
DefaultDirName={autopf}\Skredder
DefaultGroupName=Skredder
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\build\installer
OutputBaseFilename=skredder-{#AppVersion}-setup
SetupIconFile=..\build\icons\skredder.ico
UninstallDisplayIcon={app}\Skredder.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "nb"; MessagesFile: "compiler:Languages\Norwegian.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\build\dist\Skredder\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Skredder"; Filename: "{app}\Skredder.exe"
Name: "{autodesktop}\Skredder"; Filename: "{app}\Skredder.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Run]
Filename: "{app}\skredder-cli.exe"; Parameters: "catalogue build"; Flags: runhidden; StatusMsg: "Building the catalogue..."
Filename: "{app}\Skredder.exe"; Description: "{cm:LaunchProgram,Skredder}"; Flags: nowait postinstall skipifsilent
