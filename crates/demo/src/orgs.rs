//! The organisations of a national response: the ministry and its departments with their
//! regional units, border guards, prosecutors, international organisations, the Red Cross
//! and NGOs. Names are descriptive, not those of real bodies.

use haven_domain::ids::OrgId;
use haven_domain::org::{OrgKind, OrganisationInput, Region};

use crate::writer::Writer;

/// Regions, most populous first, with weights for where things happen.
pub(crate) const REGIONS: [(Region, u32); 7] = [
    (Region::MinskCity, 30),
    (Region::Homyel, 14),
    (Region::Brest, 14),
    (Region::MinskRegion, 14),
    (Region::Vitebsk, 10),
    (Region::Mahilyow, 9),
    (Region::Hrodna, 9),
];

#[derive(Debug, Clone)]
pub(crate) struct Orgs {
    pub ministry: OrgId,
    /// Regional police units against trafficking, by region.
    pub police: Vec<(Region, OrgId)>,
    /// Regional citizenship and migration units, by region.
    pub migration: Vec<(Region, OrgId)>,
    pub training_centre: OrgId,
    pub iom: OrgId,
    pub unhcr: OrgId,
    pub red_cross: Vec<(Region, OrgId)>,
    pub hotline: OrgId,
    pub shelters: Vec<(Region, OrgId)>,
}

impl Orgs {
    pub(crate) fn police_in(&self, region: Region) -> OrgId {
        in_region(&self.police, region)
    }

    pub(crate) fn migration_in(&self, region: Region) -> OrgId {
        in_region(&self.migration, region)
    }

    pub(crate) fn red_cross_in(&self, region: Region) -> OrgId {
        in_region(&self.red_cross, region)
    }

    /// The shelter nearest to a region (there is not one in each).
    pub(crate) fn shelter_for(&self, region: Region) -> OrgId {
        self.shelters
            .iter()
            .find(|(r, _)| *r == region)
            .map_or(self.shelters[0].1, |(_, id)| *id)
    }
}

fn in_region(units: &[(Region, OrgId)], region: Region) -> OrgId {
    units
        .iter()
        .find(|(r, _)| *r == region)
        .map_or(units[0].1, |(_, id)| *id)
}

fn org(
    parent: Option<OrgId>,
    name: &str,
    short: Option<&str>,
    kind: OrgKind,
    region: Option<Region>,
) -> OrganisationInput {
    OrganisationInput {
        parent,
        name: name.to_owned(),
        short_name: short.map(str::to_owned),
        kind,
        region,
    }
}

fn region_name(region: Region) -> &'static str {
    match region {
        Region::Brest => "Brest",
        Region::Homyel => "Homyel",
        Region::Hrodna => "Hrodna",
        Region::Mahilyow => "Mahilyow",
        Region::MinskRegion => "Minsk Region",
        Region::Vitebsk => "Vitebsk",
        Region::MinskCity => "Minsk City",
    }
}

pub(crate) fn create(w: &mut Writer<'_>) -> Orgs {
    let ministry = w.organisation(org(
        None,
        "Ministry of Internal Affairs",
        Some("MIA"),
        OrgKind::CentralGovernmentOrganisation,
        None,
    ));
    let anti_trafficking = w.organisation(org(
        Some(ministry),
        "Main Directorate for Combating Trafficking in Human Beings",
        Some("MIA-THB"),
        OrgKind::LawEnforcement,
        None,
    ));
    let police = REGIONS
        .iter()
        .map(|(region, _)| {
            let name = format!("Anti-trafficking unit, {}", region_name(*region));
            (
                *region,
                w.organisation(org(
                    Some(anti_trafficking),
                    &name,
                    None,
                    OrgKind::LawEnforcement,
                    Some(*region),
                )),
            )
        })
        .collect();
    let citizenship = w.organisation(org(
        Some(ministry),
        "Department of Citizenship and Migration",
        Some("DCM"),
        OrgKind::ImmigrationService,
        None,
    ));
    let migration = REGIONS
        .iter()
        .map(|(region, _)| {
            let name = format!("Citizenship and migration office, {}", region_name(*region));
            (
                *region,
                w.organisation(org(
                    Some(citizenship),
                    &name,
                    None,
                    OrgKind::ImmigrationService,
                    Some(*region),
                )),
            )
        })
        .collect();
    let training_centre = w.organisation(org(
        Some(ministry),
        "International Training Centre on Migration and Combating Trafficking",
        Some("ITC"),
        OrgKind::SchoolOrCollege,
        Some(Region::MinskCity),
    ));
    w.organisation(org(
        None,
        "State Border Committee",
        Some("SBC"),
        OrgKind::BorderGuard,
        None,
    ));
    w.organisation(org(
        None,
        "Prosecutor General's Office",
        Some("PGO"),
        OrgKind::Prosecution,
        None,
    ));
    w.organisation(org(
        None,
        "Ministry of Labour and Social Protection",
        Some("MLSP"),
        OrgKind::CentralGovernmentOrganisation,
        None,
    ));
    let iom = w.organisation(org(
        None,
        "International Organization for Migration, Mission in Belarus",
        Some("IOM"),
        OrgKind::InternationalOrganisation,
        Some(Region::MinskCity),
    ));
    let unhcr = w.organisation(org(
        None,
        "UNHCR Representative Office",
        Some("UNHCR"),
        OrgKind::InternationalOrganisation,
        Some(Region::MinskCity),
    ));
    let red_cross_hq = w.organisation(org(
        None,
        "National Red Cross Society",
        Some("RC"),
        OrgKind::Ngo,
        Some(Region::MinskCity),
    ));
    let red_cross = REGIONS
        .iter()
        .map(|(region, _)| {
            let name = format!("Red Cross branch, {}", region_name(*region));
            (
                *region,
                w.organisation(org(Some(red_cross_hq), &name, None, OrgKind::Ngo, Some(*region))),
            )
        })
        .collect();
    let hotline = w.organisation(org(
        None,
        "Safe Travel Abroad hotline (NGO)",
        Some("HOTLINE"),
        OrgKind::Ngo,
        Some(Region::MinskCity),
    ));
    let shelters = [Region::MinskCity, Region::Brest, Region::Homyel, Region::Vitebsk]
        .into_iter()
        .map(|region| {
            let name = format!("Victim protection centre (NGO), {}", region_name(region));
            (
                region,
                w.organisation(org(None, &name, None, OrgKind::Ngo, Some(region))),
            )
        })
        .collect();
    Orgs {
        ministry,
        police,
        migration,
        training_centre,
        iom,
        unhcr,
        red_cross,
        hotline,
        shelters,
    }
}
