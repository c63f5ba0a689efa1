/** The Win32 constants the windows use (winuser.h), by name. */
export const WM = {
  DESTROY: 0x0002, CLOSE: 0x0010, SETFONT: 0x0030, GETDLGCODE: 0x0087, KEYDOWN: 0x0100, KEYUP: 0x0101, KEYLAST: 0x0109,
  COMMAND: 0x0111, MOUSEFIRST: 0x0200, LBUTTONDOWN: 0x0201, LBUTTONUP: 0x0202, LBUTTONDBLCLK: 0x0203, MOUSELAST: 0x020e,
  DPICHANGED: 0x02e0, DM_GETDEFID: 0x0400,
} as const;
export const WS = {
  CHILD: 0x40000000, VISIBLE: 0x10000000, DISABLED: 0x08000000, CAPTION: 0x00c00000, VSCROLL: 0x00200000, SYSMENU: 0x00080000,
  MINIMIZEBOX: 0x00020000, TABSTOP: 0x00010000,
} as const;
export const WS_EX = { TOPMOST: 0x00000008, CLIENTEDGE: 0x00000200, CONTROLPARENT: 0x00010000 } as const;
export const SS = { NOPREFIX: 0x0080 } as const;
export const ES = { MULTILINE: 0x0004, AUTOVSCROLL: 0x0040, AUTOHSCROLL: 0x0080, READONLY: 0x0800 } as const;
export const BS = { PUSHBUTTON: 0x0000, DEFPUSHBUTTON: 0x0001, CHECKBOX: 0x0002 } as const;
export const BN_CLICKED = 0;
export const EN_CHANGE = 0x0300;
export const EM = { SETSEL: 0x00b1, SCROLLCARET: 0x00b7, LIMITTEXT: 0x00c5 } as const;
export const BM_SETCHECK = 0x00f1;
export const IDCANCEL = 2;
export const DC_HASDEFID = 0x534b;
export const VK_SPACE = 0x20;
export const PM_REMOVE = 0x0001;
export const SW_SHOW = 5;
export const SWP = { NOSIZE: 0x0001, NOMOVE: 0x0002, NOZORDER: 0x0004, NOACTIVATE: 0x0010 } as const;
export const SPI_GETWORKAREA = 0x0030;
export const COLOR_BTNFACE = 15;
export const IDC_ARROW = 32512;
/** KF_REPEAT in a key message's lParam: the key was already down (auto-repeat). */
export const KEY_REPEAT_BIT = 1 << 30;
export const DT = { WORDBREAK: 0x0010, SINGLELINE: 0x0020, EXPANDTABS: 0x0040, CALCRECT: 0x0400, NOPREFIX: 0x0800 } as const;
