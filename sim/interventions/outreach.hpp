// Peer outreach: workers with lived experience of drug use meet people who use opioids
// where they are and refer them on, by default to the syringe services program (SSP).
// Its one effect is the referrals, made through the delivery (interventions/
// delivery.hpp); the service referred to does the rest. With the SSP's reach held at its
// coverage, referrals mostly change who the clients are (people waiting count towards
// the target, but with no capacity limit the SSP serves every referral, so it can go
// above the target); with reach by uptake (ssp.rate_uptake) they add clients. Off by
// default: the README's worked example of adding a service ("Adding a service").
#pragma once

#include "interventions/delivery.hpp"
#include "modules/community.hpp"

namespace harmsim {

class Outreach final : public DeliveredService {
 public:
  Outreach(Setup& setup, Community& community);
};

}  // namespace harmsim
