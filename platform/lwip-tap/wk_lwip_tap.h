/* SPDX-License-Identifier: Apache-2.0 */
/**
 * @file wk_lwip_tap.h
 * @brief Start lwIP in a Linux process on a TAP device (lwIP's unix port,
 *        tapif): the stand-in for a microcontroller's Ethernet driver, used
 *        by platform/lwip-tap and its tests.
 *
 * A real target replaces this file with its own bring-up: tcpip_init(),
 * netif_add() with its Ethernet driver, an address (static or DHCP).
 */
#ifndef WK_LWIP_TAP_H
#define WK_LWIP_TAP_H

#include "wk/wk_diag.h"
#include "wk/wk_status.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Start lwIP's tcpip thread and one interface on the existing TAP
 *        device named by the environment variable PRECONFIGURED_TAPIF, with
 *        a static IPv4 address; the interface becomes lwIP's default route.
 *
 * The device must already exist (e.g. `ip tuntap add dev tap0 mode tap`),
 * with the host side's address configured: without PRECONFIGURED_TAPIF,
 * lwIP's tapif would create "tap0" itself and run ifconfig on the host,
 * which this function refuses to let happen. The unix port takes TCP ports
 * and initial sequence numbers from rand(); this seeds it from
 * wk_port_random(), so set the entropy source (wk_lwip_set_entropy()) first.
 * lwIP's interface takes the device's MTU, so TCP segments fit it.
 * Once per process; lwIP has no way to stop its threads again.
 *
 * @param[in]  address  the interface's IPv4 address, e.g. "192.0.2.2"; borrowed.
 * @param[in]  netmask  e.g. "255.255.255.0"; borrowed.
 * @param[in]  gateway  the router, or NULL for none (only the local subnet
 *                      is reachable then); borrowed.
 * @param[out] diag     optional; on failure names the variable, device or address.
 * @return WK_OK;
 *         WK_ERR_ARG (NULL address or netmask, an address that does not
 *         parse, PRECONFIGURED_TAPIF unset, no such device, or a device MTU
 *         above what lwIP's receive buffers hold: Debian 12's liblwip sizes
 *         them for frames of 592 bytes at most, so use MTU 576 there);
 *         WK_ERR_CRYPTO (no random bytes for the seed);
 *         WK_ERR_STATE (already started, or lwIP refused the interface).
 *         When /dev/net/tun cannot be opened or attached, lwIP's tapif
 *         prints why and ends the process with exit status 1.
 */
wk_status_t wk_lwip_tap_start(const char *address, const char *netmask, const char *gateway,
                              wk_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif /* WK_LWIP_TAP_H */
