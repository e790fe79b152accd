// libopus from Debian's libopus-dev (pkg-config: opus).
#include <opus/opus.h>
