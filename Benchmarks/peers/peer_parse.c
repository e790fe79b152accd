/*
 * Parses one SIP message N times with a C stack's parser and prints "N messages, X ns/message",
 * the same line as `softphone decode sip --repeat N`, so the figures compare on one machine.
 *   peer_parse N FILE   (built twice: -DPEER_SOFIA for sofia-sip, -DPEER_RE for libre; their headers clash)
 * sofia: sofia-sip's msg_make() with its default SIP message class (parses every known header).
 * re:    libre's sip_msg_decode() (parses the hot headers, keeps the rest for lookup).
 * Written for this project; built by scripts/bench-peers.sh, never part of the Swift build.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef PEER_SOFIA
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_parser.h>
#include <sofia-sip/msg.h>
#else
#include <stdint.h>
#include <stdbool.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <re.h>
#endif

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

#ifdef PEER_SOFIA
#define PEER_NAME "sofia-sip"
static void peer_init(void) {}
static void peer_close(void) {}
static int parse(const char *data, size_t len) {
    msg_t *msg = msg_make(sip_default_mclass(), 0, data, (ssize_t)len);
    if (!msg) return -1;
    sip_t *sip = sip_object(msg);
    int ok = sip && sip->sip_via && sip->sip_from && sip->sip_cseq ? 0 : -1;
    msg_destroy(msg);
    return ok;
}

#else
#define PEER_NAME "libre"
static void peer_init(void) { libre_init(); }
static void peer_close(void) { libre_close(); }
static int parse(const char *data, size_t len) {
    struct mbuf *mb = mbuf_alloc(len);
    struct sip_msg *msg = NULL;
    if (!mb) return -1;
    mbuf_write_mem(mb, (const uint8_t *)data, len);
    mb->pos = 0;
    int err = sip_msg_decode(&msg, mb);
    mem_deref(msg);
    mem_deref(mb);
    return err ? -1 : 0;
}
#endif

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s N FILE\n", argv[0]); return 2; }
    long n = atol(argv[1]);
    FILE *f = fopen(argv[2], "rb");
    if (!f || n < 1) { fprintf(stderr, "cannot read %s\n", argv[2]); return 2; }
    static char buf[65536];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    peer_init();
    if (parse(buf, len) != 0) {
        fprintf(stderr, "%s does not parse %s\n", PEER_NAME, argv[2]);
        return 1;
    }
    double start = now_ns();
    for (long i = 0; i < n; i++) {
        parse(buf, len);
    }
    double per = (now_ns() - start) / (double)n;
    printf("%ld messages, %.0f ns/message\n", n, per);
    peer_close();
    return 0;
}
