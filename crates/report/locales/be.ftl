report-title = Інфармацыя Рэспублікі Беларусь аб процідзеянні гандлю людзьмі і незаконнай міграцыі
report-period = Перыяд: з { $from } па { $to }
report-generated = Разлічана сістэмай Haven па нацыянальных уліках { $date }. Значэнні меншыя за { $threshold } паказаны як «<{ $threshold }».
report-locked = Зафіксаваная справаздача «{ $name }», паказчыкі замацаваны { $date } (адбітак { $hash }).
section-prevention = Прафілактыка
section-migration = Незаконная міграцыя
section-protection = Міжнародная абарона і грамадзянства
section-trafficking = Гандаль людзьмі і дапамога ахвярам
section-trends = Дынаміка па гадах
section-annex = Дадатак: табліцы
annex-figures = Табліца 1. Усе паказчыкі справаздачы
column-indicator = Паказчык
column-period = Перыяд
column-value = Значэнне
column-previous = Папярэдні супастаўны перыяд
column-year = Год
column-revision = Змяненне пасля фіксацыі
revision = зафіксавана { $locked }, цяпер { $current }

prevention-publications-minors_sexual_exploitation = Праведзена шырокая інфармацыйная кампанія па папярэджанні сэксуальнай эксплуатацыі непаўналетніх: { $value } { $n ->
    [one] публікацыя
    [few] публікацыі
   *[many] публікацый
} за перыяд (за папярэдні супастаўны перыяд — { $previous }).
prevention-survey-awareness_share = Паводле апытанняў, праведзеных у перыядзе, { $value } насельніцтва добра разумеюць праблему гандлю людзьмі.
prevention-activities = Усяго праведзена прафілактычных мерапрыемстваў: { $value }.
migration-irregular_migrants-identified = У Беларусі { $n ->
    [one] выяўлены { $value } незаконны мігрант
    [few] выяўлена { $value } незаконныя мігранты
   *[many] выяўлена { $value } незаконных мігрантаў
} (за папярэдні супастаўны перыяд — { $previous }).
migration-irregular_migrants-detained = Затрымана { $value } { $n ->
    [one] чалавек
    [few] чалавекі
   *[many] чалавек
}.
detention-irregular_migrants-average_daily_population = Незаконныя мігранты ўтрымліваюцца ў ізалятарах часовага ўтрымання і цэнтрах ізаляцыі правапарушальнікаў: у сярэднім { $value } штодня.
return-voluntary-iom_assisted = Пры садзейнічанні МАМ на радзіму { $n ->
    [one] вернуты { $value } замежнік
    [few] вернута { $value } замежнікі
   *[many] вернута { $value } замежнікаў
}.
assistance-irregular_migrants-persons_assisted = Гуманітарную, медыцынскую, прававую і іншую дапамогу атрымалі { $value } { $n ->
    [one] незаконны мігрант
    [few] незаконныя мігранты
   *[many] незаконных мігрантаў
}.
funding-migrant_assistance-usd_equivalent = Аб'ём сродкаў, выдзеленых на дапамогу мігрантам, якія ідуць транзітам праз тэрыторыю Рэспублікі Беларусь, склаў { $value } долараў ЗША ў эквіваленце, уключаючы спонсарскую дапамогу, ахвяраванні фізічных асоб і замежную бязвыплатную дапамогу.
asylum-applications-non_cis = Па статус бежанца, дадатковую абарону або прытулак { $n ->
    [one] звярнуўся { $value } замежнік
    [few] звярнуліся { $value } замежнікі
   *[many] звярнуліся { $value } замежнікаў
} з краін па-за СНД (за папярэдні супастаўны перыяд — { $previous }).
protection-applications-ukraine = Па статус бежанца, дадатковую абарону або прытулак звярнуліся { $value } { $n ->
    [one] грамадзянін
    [few] грамадзяніны
   *[many] грамадзян
} Украіны.
protection-additional_protection-granted-ukraine = Дадатковая абарона ў Рэспубліцы Беларусь прадастаўлена { $value } { $n ->
    [one] украінцу
   *[other] украінцам
}.
protection-additional_protection-extended-ukraine = Прыняты рашэнні аб прадаўжэнні тэрміну дадатковай абароны ў дачыненні да { $value } { $n ->
    [one] украінца
   *[other] украінцаў
}.
citizenship-applications-ukraine = Па набыццё грамадзянства Рэспублікі Беларусь звярнуліся { $value } { $n ->
    [one] грамадзянін
    [few] грамадзяніны
   *[many] грамадзян
} Украіны (уключаючы непаўналетніх),
citizenship-acquired-ukraine = з іх грамадзянамі Беларусі сталі { $value }.
trafficking-victims-identified = Устаноўлена { $value } { $n ->
    [one] ахвяра
    [few] ахвяры
   *[many] ахвяр
} гандлю людзьмі (за папярэдні супастаўны перыяд — { $previous }).
assistance-trafficking_victims-reintegration = МАМ аказала дапамогу ў рэінтэграцыі { $value } { $n ->
    [one] ахвяры
   *[other] ахвярам
} гандлю людзьмі.
criminal-cases-initiated = Узбуджана { $value } { $n ->
    [one] крымінальная справа
    [few] крымінальныя справы
   *[many] крымінальных спраў
} па артыкулах аб гандлі людзьмі, прымусовай працы, сутэнёрстве і незаконнай міграцыі.
criminal-persons-convicted = Асуджана { $value } { $n ->
    [one] асоба
    [few] асобы
   *[many] асоб
}.
hotline-contacts = На гарачую лінію { $n ->
    [one] паступіў { $value } зварот
    [few] паступіла { $value } звароты
   *[many] паступіла { $value } зваротаў
}.
reference-victims-title = Выяўленыя ахвяры гандлю людзьмі, Беларусь, па гадах: UNODC GLOTIP і Haven, з узроўнем у дакладзе ЗША аб гандлі людзьмі (знешняя даведачная статыстыка)
column-tip-tier = Узровень у дакладзе ЗША (TIP)
