/* SPDX-License-Identifier: Apache-2.0 */
/* lwIP on a Linux TAP device (the unix port's tapif); see wk_lwip_tap.h. */
#include "lwip/opt.h"

#include "lwip/ip4_addr.h"
#include "lwip/memp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/prot/ethernet.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "netif/tapif.h"

#include <net/if.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wk_lwip_tap.h"
#include "wk_port.h"

static struct netif tap_netif;
static bool tap_started;

static void tcpip_ready(void *arg)
{
    sys_sem_signal((sys_sem_t *)arg);
}

static bool parse_ip4(const char *what, const char *text, ip4_addr_t *out, wk_diag_t *diag)
{
    if (text != NULL && ip4addr_aton(text, out) != 0) {
        return true;
    }
    wk_diag_str(diag, "lwIP ");
    wk_diag_str(diag, what);
    wk_diag_str(diag, text != NULL ? " is not an IPv4 address: " : " is missing");
    if (text != NULL) {
        wk_diag_strn(diag, text, strlen(text));
    }
    return false;
}

/* tapif copies each received frame into pbufs from PBUF_POOL. Debian 12's
 * liblwip (2.1.3) allocates those pool buffers smaller (592 bytes) than its
 * pbuf code fills them (up to PBUF_POOL_BUFSIZE, 1536), so a longer frame
 * overruns the heap. The largest safe frame is one pool buffer, as the
 * library itself sized it; a fixed library simply allows a larger MTU. */
static unsigned largest_safe_mtu(void)
{
    unsigned pool = memp_pools[MEMP_PBUF_POOL]->size;
    unsigned head = LWIP_MEM_ALIGN_SIZE(sizeof(struct pbuf)) + SIZEOF_ETH_HDR;
    return pool > head ? pool - head : 0u;
}

/* The device's MTU, or 0 when it cannot be read. */
static unsigned device_mtu(const char *ifname)
{
    struct ifreq ifr;
    unsigned mtu = 0u;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd >= 0) {
        memset(&ifr, 0, sizeof(ifr));
        strncpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name) - 1u);
        if (ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0) {
            mtu = (unsigned)ifr.ifr_mtu;
        }
        (void)close(fd);
    }
    return mtu;
}

static bool check_mtu(const char *ifname, unsigned *mtu, wk_diag_t *diag)
{
    unsigned limit = largest_safe_mtu();
    *mtu = device_mtu(ifname);
    if (*mtu != 0u && *mtu <= limit) {
        return true;
    }
    wk_diag_str(diag, "TAP device ");
    wk_diag_strn(diag, ifname, strlen(ifname));
    if (*mtu == 0u) {
        wk_diag_str(diag, ": cannot read its MTU");
    } else {
        wk_diag_str(diag, " has MTU ");
        wk_diag_u64(diag, *mtu);
        wk_diag_str(diag, "; this liblwip receives frames only up to MTU ");
        wk_diag_u64(diag, limit);
        wk_diag_str(diag, " without overrunning its buffers: lower it (ip link set DEV mtu N)");
    }
    return false;
}

/* see wk_lwip_tap.h */
wk_status_t wk_lwip_tap_start(const char *address, const char *netmask, const char *gateway,
                              wk_diag_t *diag)
{
    const char *ifname = getenv("PRECONFIGURED_TAPIF");
    ip4_addr_t ip;
    ip4_addr_t mask;
    ip4_addr_t gw;
    unsigned seed = 0u;
    unsigned mtu = 0u;
    sys_sem_t ready;
    bool added;

    wk_diag_clear(diag);
    if (tap_started) {
        wk_diag_str(diag, "lwIP is already running");
        return WK_ERR_STATE;
    }
    if (ifname == NULL || ifname[0] == '\0') {
        wk_diag_str(diag, "PRECONFIGURED_TAPIF is not set: name an existing TAP device");
        return WK_ERR_ARG;
    }
    /* tapif would create a missing device, unconfigured and unconnected. */
    if (if_nametoindex(ifname) == 0u) {
        wk_diag_str(diag, "PRECONFIGURED_TAPIF: no device ");
        wk_diag_strn(diag, ifname, strlen(ifname));
        wk_diag_str(diag, " in this network namespace");
        return WK_ERR_ARG;
    }
    if (!check_mtu(ifname, &mtu, diag)) {
        return WK_ERR_ARG;
    }
    ip4_addr_set_any(&gw);
    if (!parse_ip4("address", address, &ip, diag) || !parse_ip4("netmask", netmask, &mask, diag) ||
        (gateway != NULL && !parse_ip4("gateway", gateway, &gw, diag))) {
        return WK_ERR_ARG;
    }
    if (wk_port_random((uint8_t *)&seed, sizeof(seed)) != WK_OK) {
        wk_diag_str(diag, "no random bytes to seed lwIP's rand() (set the entropy source first)");
        return WK_ERR_CRYPTO;
    }
    srand(seed);

    if (sys_sem_new(&ready, 0) != ERR_OK) {
        wk_diag_str(diag, "lwIP could not make a semaphore");
        return WK_ERR_STATE;
    }
    tcpip_init(tcpip_ready, &ready);
    sys_sem_wait(&ready);
    sys_sem_free(&ready);
    tap_started = true;

    LOCK_TCPIP_CORE();
    added = netif_add(&tap_netif, &ip, &mask, &gw, NULL, tapif_init, tcpip_input) != NULL;
    if (added) {
        /* tapif assumes 1500; lwIP's TCP sizes its segments from this. */
        tap_netif.mtu = (u16_t)mtu;
        netif_set_default(&tap_netif);
        netif_set_up(&tap_netif);
    }
    UNLOCK_TCPIP_CORE();
    if (!added) {
        wk_diag_str(diag, "lwIP refused the TAP interface");
        return WK_ERR_STATE;
    }
    return WK_OK;
}
