/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A polled lwIP netif for the SMSC LAN9118 Ethernet controller, as QEMU's
 * mps2-an385/an386 boards have it at 0x40200000 (attached with -nic). No
 * interrupts: the firmware's superloop calls wk_cm_lan9118_poll(), which
 * hands every received frame to lwIP. NO_SYS 1 only (lwIP is called
 * directly, never from another context).
 */
#ifndef WK_CM_LAN9118_H
#define WK_CM_LAN9118_H

#include <stdint.h>

#include "lwip/err.h"
#include "lwip/netif.h"

/** Where QEMU's mps2 boards map the controller. */
#define WK_CM_LAN9118_BASE 0x40200000u

/** Counters the firmware reports (frames dropped for want of a pool buffer). */
typedef struct wk_cm_lan9118_stats {
    uint32_t rx_frames;   /**< frames handed to lwIP */
    uint32_t rx_dropped;  /**< frames dropped: no pbuf, a bad length or an error status */
    uint32_t tx_frames;   /**< frames written to the transmit FIFO */
} wk_cm_lan9118_stats_t;

/**
 * netif_add() init function: resets the controller, reads the MAC address
 * it was given, enables receive and transmit. @p netif->state must be NULL
 * or the controller's base address (as a pointer); NULL means
 * WK_CM_LAN9118_BASE.
 * @return ERR_OK, or ERR_IF when no LAN9118 answers at that address.
 */
err_t wk_cm_lan9118_init(struct netif *netif);

/** Moves every frame waiting in the receive FIFO into lwIP (netif->input).
 *  @return the number of frames handed on. */
uint32_t wk_cm_lan9118_poll(struct netif *netif);

/** The driver's counters since init. */
const wk_cm_lan9118_stats_t *wk_cm_lan9118_stats(void);

#endif /* WK_CM_LAN9118_H */
