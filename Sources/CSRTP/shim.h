// libsrtp 2 (Debian's libsrtp2-dev): SRTP and SRTCP protection.
#include <srtp2/srtp.h>
