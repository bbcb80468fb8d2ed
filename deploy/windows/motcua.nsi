; Installer for the motcua apps on a Windows 10/11 PC of the centre.
; Built by `make dist` (makensis, Debian package nsis):
;   makensis -DVERSION=1.0 -DDIST=dist/windows-amd64 -DOUTFILE=dist/motcua-setup.exe deploy/windows/motcua.nsi
; The IT officer picks the PC's role, enters the centre server's address and
; the device token (from `motcua admin device add`), and gets the app started
; fullscreen at every logon. The server role installs the Windows service.
; Unattended: motcua-setup.exe /S /ROLE=kiosk|counter|display|server
;   /SERVER=192.168.1.10:8080 (server role: the listen address)
;   /TOKEN=... (kiosk, board) /PRINTER=tcp:192.168.1.50:9100 /COUNTER=q1 [/D=C:\motcua]
; Values cannot hold "/" (GetOptions splits there): the server is HOST:PORT
; (http:// is added), a LAN printer tcp:HOST:PORT.
Target amd64-unicode ; a 64-bit installer (the apps are 64-bit; Debian's wine64 runs it too)
ManifestDPIAware true
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!ifndef VERSION
  !define VERSION "dev"
!endif
!ifndef DIST
  !define DIST "..\..\dist\windows-amd64"
!endif
!ifndef OUTFILE
  !define OUTFILE "motcua-setup.exe"
!endif

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

Name "Một cửa (motcua) ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\motcua"
BrandingText "motcua ${VERSION}"

Var Role          ; kiosk, counter, display, server
Var ServerURL     ; kiosk/counter/board: http://HOST:8080; server: listen address
Var Token
Var Printer
Var CounterID
Var DataDir

Var hKiosk
Var hCounter
Var hDisplay
Var hServer
Var hURL
Var hToken
Var hPrinter
Var hCounterID

!define MUI_ABORTWARNING
!define MUI_ICON "motcua.ico"
!define MUI_UNICON "motcua.ico"
!insertmacro MUI_PAGE_WELCOME
Page custom RolePage RolePageLeave
Page custom SettingsPage SettingsPageLeave
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "Cần Windows 64-bit (10 hoặc 11)."
    Abort
  ${EndIf}
  SetRegView 64
  StrCpy $Role "kiosk"
  StrCpy $ServerURL "http://192.168.1.10:8080"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ROLE=" $R1
  ${IfNot} ${Errors}
    StrCpy $Role $R1
    ${If} $Role == "server"
      StrCpy $ServerURL "0.0.0.0:8080"
    ${EndIf}
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/SERVER=" $R1
  ${IfNot} ${Errors}
    StrCpy $ServerURL $R1
    StrCpy $R2 $R1 4
    ${If} $Role != "server"
    ${AndIf} $R2 != "http"
      StrCpy $ServerURL "http://$R1"
    ${EndIf}
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/TOKEN=" $R1
  ${IfNot} ${Errors}
    StrCpy $Token $R1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/PRINTER=" $R1
  ${IfNot} ${Errors}
    StrCpy $Printer $R1
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/COUNTER=" $R1
  ${IfNot} ${Errors}
    StrCpy $CounterID $R1
  ${EndIf}
FunctionEnd

Function RolePage
  !insertmacro MUI_HEADER_TEXT "Vai trò của máy này" "Chọn máy này dùng để làm gì trong trung tâm."
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateRadioButton} 0 0u 100% 14u "Kiosk lấy số (màn hình cảm ứng, máy in phiếu)"
  Pop $hKiosk
  ${NSD_CreateRadioButton} 0 20u 100% 14u "Quầy tiếp nhận (cán bộ gọi số, in biên nhận)"
  Pop $hCounter
  ${NSD_CreateRadioButton} 0 40u 100% 14u "Màn hình gọi số (TV trong sảnh)"
  Pop $hDisplay
  ${NSD_CreateRadioButton} 0 60u 100% 14u "Máy chủ trung tâm (dịch vụ Windows, cơ sở dữ liệu)"
  Pop $hServer
  ${Switch} $Role
    ${Case} "counter"
      ${NSD_Check} $hCounter
      ${Break}
    ${Case} "display"
      ${NSD_Check} $hDisplay
      ${Break}
    ${Case} "server"
      ${NSD_Check} $hServer
      ${Break}
    ${Default}
      ${NSD_Check} $hKiosk
  ${EndSwitch}
  nsDialogs::Show
FunctionEnd

Function RolePageLeave
  ${NSD_GetState} $hCounter $0
  ${NSD_GetState} $hDisplay $1
  ${NSD_GetState} $hServer $2
  StrCpy $Role "kiosk"
  ${If} $0 == ${BST_CHECKED}
    StrCpy $Role "counter"
  ${ElseIf} $1 == ${BST_CHECKED}
    StrCpy $Role "display"
  ${ElseIf} $2 == ${BST_CHECKED}
    StrCpy $Role "server"
    StrCpy $ServerURL "0.0.0.0:8080"
  ${EndIf}
FunctionEnd

Function SettingsPage
  ${If} $Role == "server"
    !insertmacro MUI_HEADER_TEXT "Máy chủ trung tâm" "Địa chỉ mà máy chủ lắng nghe trong mạng nội bộ."
  ${Else}
    !insertmacro MUI_HEADER_TEXT "Kết nối tới máy chủ trung tâm" "Địa chỉ máy chủ và mã thiết bị do quản trị viên cấp."
  ${EndIf}
  nsDialogs::Create 1018
  Pop $0
  ${If} $Role == "server"
    ${NSD_CreateLabel} 0 0 100% 12u "Địa chỉ lắng nghe (mặc định 0.0.0.0:8080):"
  ${Else}
    ${NSD_CreateLabel} 0 0 100% 12u "Địa chỉ máy chủ trung tâm (ví dụ http://192.168.1.10:8080):"
  ${EndIf}
  Pop $0
  ${NSD_CreateText} 0 13u 100% 12u "$ServerURL"
  Pop $hURL
  ${If} $Role == "kiosk"
  ${OrIf} $Role == "display"
    ${NSD_CreateLabel} 0 32u 100% 12u "Mã thiết bị (dòng cuối của lệnh motcua admin device add):"
    Pop $0
    ${NSD_CreatePassword} 0 45u 100% 12u "$Token"
    Pop $hToken
  ${EndIf}
  ${If} $Role == "kiosk"
  ${OrIf} $Role == "counter"
    ${NSD_CreateLabel} 0 64u 100% 12u "Máy in (COM3, tcp://192.168.1.50:9100 hoặc winspool:TÊN MÁY IN; để trống nếu không có):"
    Pop $0
    ${NSD_CreateText} 0 77u 100% 12u "$Printer"
    Pop $hPrinter
  ${EndIf}
  ${If} $Role == "counter"
    ${NSD_CreateLabel} 0 96u 100% 12u "Mã quầy (ví dụ q1):"
    Pop $0
    ${NSD_CreateText} 0 109u 30% 12u "$CounterID"
    Pop $hCounterID
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function SettingsPageLeave
  ${NSD_GetText} $hURL $ServerURL
  ${If} $ServerURL == ""
    MessageBox MB_ICONEXCLAMATION "Hãy nhập địa chỉ."
    Abort
  ${EndIf}
  ${If} $Role == "kiosk"
  ${OrIf} $Role == "display"
    ${NSD_GetText} $hToken $Token
    ${If} $Token == ""
      MessageBox MB_ICONEXCLAMATION "Hãy nhập mã thiết bị."
      Abort
    ${EndIf}
  ${EndIf}
  ${If} $Role == "kiosk"
  ${OrIf} $Role == "counter"
    ${NSD_GetText} $hPrinter $Printer
  ${EndIf}
  ${If} $Role == "counter"
    ${NSD_GetText} $hCounterID $CounterID
    ${If} $CounterID == ""
      MessageBox MB_ICONEXCLAMATION "Hãy nhập mã quầy."
      Abort
    ${EndIf}
  ${EndIf}
FunctionEnd

Section "motcua"
  SetShellVarContext all
  ; the pages check this; an unattended install is checked here
  ${If} $Role != "kiosk"
  ${AndIf} $Role != "counter"
  ${AndIf} $Role != "display"
  ${AndIf} $Role != "server"
    DetailPrint "unknown role $Role (kiosk, counter, display, server)"
    SetErrorLevel 2
    Abort
  ${EndIf}
  ${If} $Token == ""
    ${If} $Role == "kiosk"
    ${OrIf} $Role == "display"
      DetailPrint "no device token (/TOKEN=)"
      SetErrorLevel 2
      Abort
    ${EndIf}
  ${EndIf}
  ${If} $Role == "counter"
  ${AndIf} $CounterID == ""
    DetailPrint "no counter id (/COUNTER=)"
    SetErrorLevel 2
    Abort
  ${EndIf}
  SetOutPath "$INSTDIR"
  StrCpy $DataDir "$APPDATA\motcua" ; all users: C:\ProgramData\motcua
  CreateDirectory "$DataDir"
  File "${DIST}\motcua.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\motcua" "DisplayName" "Một cửa (motcua)"
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\motcua" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\motcua" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "Software\motcua" "Role" "$Role"

  ${If} $Role == "server"
    nsExec::ExecToLog '"$INSTDIR\motcua.exe" service install --addr "$ServerURL" --data "$DataDir"'
    Pop $0
    ${If} $0 != 0
      MessageBox MB_ICONSTOP "Không cài được dịch vụ motcua-centre (mã $0). Xem nhật ký bên trên."
      Abort
    ${EndIf}
    nsExec::ExecToLog 'netsh advfirewall firewall add rule name="motcua centre" dir=in action=allow protocol=TCP localport=8080 remoteip=localsubnet'
    Pop $0
    nsExec::ExecToLog '"$INSTDIR\motcua.exe" service start'
    Pop $0
    Return
  ${EndIf}

  StrCpy $3 '--server "$ServerURL" --fullscreen'
  ; kiosk and board: the device token in a file, not on the command line
  ; (visible to every process); readable by Administrators, SYSTEM and the
  ; PC's users only. The counter has none: officers log in.
  ${If} $Role != "counter"
    StrCpy $1 "$DataDir\$Role.token"
    FileOpen $2 "$1" w
    FileWrite $2 "$Token"
    FileClose $2
    nsExec::ExecToLog 'icacls "$1" /inheritance:r /grant:r *S-1-5-32-544:F *S-1-5-18:F *S-1-5-32-545:R'
    Pop $0
    StrCpy $3 '$3 --token-file "$1"'
  ${EndIf}
  ${If} $Printer != ""
    StrCpy $3 '$3 --printer "$Printer"'
  ${EndIf}
  ${Switch} $Role
    ${Case} "kiosk"
      File "${DIST}\motcua-kiosk.exe"
      StrCpy $4 "$INSTDIR\motcua-kiosk.exe"
      StrCpy $5 "Một cửa - Kiosk"
      ${Break}
    ${Case} "counter"
      File "${DIST}\motcua-counter.exe"
      StrCpy $4 "$INSTDIR\motcua-counter.exe"
      StrCpy $3 '$3 --counter "$CounterID"'
      StrCpy $5 "Một cửa - Quầy $CounterID"
      ${Break}
    ${Default}
      File "${DIST}\motcua-display.exe"
      StrCpy $4 "$INSTDIR\motcua-display.exe"
      StrCpy $5 "Một cửa - Màn hình gọi số"
  ${EndSwitch}
  ; started fullscreen at every logon, and from the Start menu
  CreateShortCut "$SMSTARTUP\$5.lnk" "$4" "$3"
  CreateShortCut "$SMPROGRAMS\$5.lnk" "$4" "$3"
  WriteRegStr HKLM "Software\motcua" "Shortcut" "$5"
SectionEnd

Section "Uninstall"
  SetShellVarContext all
  SetRegView 64
  ReadRegStr $0 HKLM "Software\motcua" "Role"
  ReadRegStr $1 HKLM "Software\motcua" "Shortcut"
  ${If} $0 == "server"
    nsExec::ExecToLog '"$INSTDIR\motcua.exe" service uninstall'
    Pop $2
    nsExec::ExecToLog 'netsh advfirewall firewall delete rule name="motcua centre"'
    Pop $2
  ${ElseIf} $1 != ""
    Delete "$SMSTARTUP\$1.lnk"
    Delete "$SMPROGRAMS\$1.lnk"
  ${EndIf}
  Delete "$INSTDIR\motcua.exe"
  Delete "$INSTDIR\motcua-kiosk.exe"
  Delete "$INSTDIR\motcua-counter.exe"
  Delete "$INSTDIR\motcua-display.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "Software\Microsoft\Windows\CurrentVersion\Uninstall\motcua"
  DeleteRegKey HKLM "Software\motcua"
  ; C:\ProgramData\motcua (database, tokens, logs) stays
SectionEnd
