/* Test support only, never shipped: a stand-in for bcryptprimitives.dll,
 * which Wine 8.0 lacks. Go >= 1.22 programs get their random bytes from its
 * ProcessPrng (Windows 10 and 11 have it); here it forwards to
 * SystemFunction036 (RtlGenRandom, advapi32), which Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buf, ULONG len);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}

BOOL WINAPI DllMainCRTStartup(HINSTANCE h, DWORD reason, LPVOID reserved) { return TRUE; }
