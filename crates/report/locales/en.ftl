report-title = Input of the Republic of Belarus on countering trafficking in persons and irregular migration
report-period = Period: { $from } to { $to }
report-generated = Computed by Haven from national records on { $date }. Values below { $threshold } are shown as “<{ $threshold }”.
report-locked = Locked report “{ $name }”, figures fixed on { $date } (fingerprint { $hash }).
section-prevention = Prevention
section-migration = Irregular migration
section-protection = International protection and citizenship
section-trafficking = Trafficking in persons and assistance to victims
section-trends = Trends by year
section-annex = Annex: tables
annex-figures = Table 1. Every figure of this report
column-indicator = Indicator
column-period = Period
column-value = Value
column-previous = Previous comparable period
column-year = Year
column-revision = Revision since locking
revision = locked { $locked }, now { $current }

prevention-publications-minors_sexual_exploitation = A broad information campaign was carried out to prevent the sexual exploitation of minors: { $value } { $n ->
    [one] publication
   *[other] publications
} in the period ({ $previous } in the previous comparable period).
prevention-survey-awareness_share = According to surveys fielded in the period, { $value } of the population have a good understanding of the issue of trafficking.
prevention-activities = In all, { $value } prevention activities were held.
migration-irregular_migrants-identified = { $value } irregular { $n ->
    [one] migrant was
   *[other] migrants were
} identified in Belarus ({ $previous } in the previous comparable period).
migration-irregular_migrants-detained = { $value } { $n ->
    [one] person was
   *[other] people were
} detained.
detention-irregular_migrants-average_daily_population = Irregular migrants are held in temporary detention centres or detention centres for offenders: on average { $value } daily.
return-voluntary-iom_assisted = { $value } { $n ->
    [one] foreigner was
   *[other] foreigners were
} returned to their homeland with the assistance of IOM.
assistance-irregular_migrants-persons_assisted = { $value } irregular { $n ->
    [one] migrant
   *[other] migrants
} received humanitarian, medical, legal and other assistance.
funding-migrant_assistance-usd_equivalent = The funds allocated to assist migrants crossing the territory of the Republic of Belarus in transit amounted to { $value } US dollars in equivalent, including sponsorship, donations from individuals and foreign gratuitous assistance.
asylum-applications-non_cis = { $value } { $n ->
    [one] foreigner
   *[other] foreigners
} from non-CIS countries applied for refugee status, additional protection or asylum ({ $previous } in the previous comparable period).
protection-applications-ukraine = { $value } { $n ->
    [one] citizen
   *[other] citizens
} of Ukraine applied for refugee status, additional protection or asylum.
protection-additional_protection-granted-ukraine = Additional protection in the Republic of Belarus was granted to { $value } { $n ->
    [one] Ukrainian
   *[other] Ukrainians
}.
protection-additional_protection-extended-ukraine = Decisions were made to extend additional protection in respect of { $value } { $n ->
    [one] Ukrainian
   *[other] Ukrainians
}.
citizenship-applications-ukraine = { $value } { $n ->
    [one] citizen
   *[other] citizens
} of Ukraine (including minors) applied for citizenship of the Republic of Belarus,
citizenship-acquired-ukraine = of whom { $value } became Belarusian citizens.
trafficking-victims-identified = { $value } { $n ->
    [one] victim
   *[other] victims
} of trafficking in persons were identified ({ $previous } in the previous comparable period).
assistance-trafficking_victims-reintegration = IOM provided reintegration assistance to { $value } { $n ->
    [one] victim
   *[other] victims
} of trafficking.
criminal-cases-initiated = { $value } criminal { $n ->
    [one] case was
   *[other] cases were
} initiated under the articles on trafficking, forced labour, pimping and illegal migration.
criminal-persons-convicted = { $value } { $n ->
    [one] person was
   *[other] persons were
} convicted.
hotline-contacts = The hotline received { $value } { $n ->
    [one] call or message
   *[other] calls and messages
}.
reference-victims-title = Detected victims of trafficking, Belarus, by year: UNODC GLOTIP beside Haven, with the US TIP Report tier (external reference statistics)
column-tip-tier = US TIP tier
