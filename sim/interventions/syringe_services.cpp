#include "interventions/syringe_services.hpp"

namespace harmsim {

SyringeServices::SyringeServices(Setup& setup, Community& community)
    : DeliveredService(setup,
                       {kService, "SSP clients", use_names::kInjecting, "The program serves people who inject.", true,
                        0.55, "NHBS 2018, 23 US cities: 55% of PWID used an SSP in the past 12 months (2015: 52%) [V].",
                        1, "[ASSUMPTION, calibrate] no US source found."},
                       // Called only once the model runs, when the lanes below exist.
                       [this](AgentId a, bool client) {
                         sharing_lane_.set(a, client ? client_sharing_ : ModifierLane::kOne);
                         cessation_lane_.set(a, client ? client_cessation_ : ModifierLane::kOne);
                       }),
      sharing_lane_(setup.lane(community.injection_network.rel_sharing(), "ssp")),
      cessation_lane_(setup.lane(community.opioid_use.rel_cessation(), "ssp")),
      client_sharing_(sharing_lane_.level(setup.value(
          {"ssp.rel_sharing", 0.7, "multiplier", 0, 1, "Receptive syringe sharing of clients relative to non-clients.",
           "Hagan H, Thiede H 2000, J Urban Health 77(3):369, doi:10.1007/BF02386747: "
           "Seattle cohort, OR 0.7 for receptive syringe sharing [V]."}))),
      client_cessation_(cessation_lane_.level(setup.value(
          {"ssp.rel_cessation", 2.5, "multiplier", 1, 10, "Cessation of injecting of clients relative to non-clients.",
           "Hagan H et al. 2000, J Subst Abuse Treat 19(3):247, "
           "doi:10.1016/s0740-5472(00)00104-5: former exchangers ARR 3.5 (2.1-5.9) "
           "for stopping injection [V]; 2.5 is conservative for self-selection "
           "[ASSUMPTION]."}))) {}

}  // namespace harmsim
