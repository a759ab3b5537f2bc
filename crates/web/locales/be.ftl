# Вэб-праграма Haven, беларуская.
nav-label = Галоўнае меню
nav-home = Галоўная
nav-persons = Асобы
nav-cases = Справы
nav-audit = Журнал аўдыту
nav-users = Карыстальнікі
nav-organisations = Арганізацыі
language = Мова
language-save = Змяніць
sign-out = Выйсці
sign-in = Увайсці
sign-in-title = Уваход у Haven
sign-in-wrong = Няправільнае імя карыстальніка або пароль.
sign-in-locked = Занадта шмат няўдалых спроб. Уваход заблакаваны на 15 хвілін.
username = Імя карыстальніка
password = Пароль
code-title = Аднаразовы код
code = Шасцізначны код
code-intro = Увядзіце код, які праграма-аўтэнтыфікатар паказвае для Haven.
code-enrol-intro = Вашаму ўліковаму запісу патрэбны другі фактар. Дадайце Haven у праграму-аўтэнтыфікатар з гэтым ключом і ўвядзіце паказаны код.
code-enrol-key = Ключ:
code-enrol-uri = Або імпартуйце:
code-submit = Пацвердзіць
code-wrong = Код няправільны або ўжо выкарыстаны. Дачакайцеся наступнага.
home-title = Галоўная
home-welcome = Што чакае вас сёння.
home-referrals-waiting = { $n ->
    [one] { $n } накіраванне чакае вас
    [few] { $n } накіраванні чакаюць вас
   *[many] { $n } накіраванняў чакаюць вас
}
home-nothing-waiting = Нічога не чакае.
home-recent-cases = Апошнія справы
home-recent-audit = Апошнія запісы журнала аўдыту
referral-sent-on = Адпраўлена
referral-from = Ад
referral-reason = Прычына
open = Адкрыць
cases-title = Справы
case-title = Справа
cases-none = Спраў няма.
case-reference = Нумар
case-kind = Від
case-opened = Адкрыта
case-status = Статус
case-person = Асоба
case-details = Звесткі
section-hidden = Гэты раздзел вам не перададзены.
all = Усе
show = Паказаць
previous-page = Папярэдняя старонка
next-page = Наступная старонка
persons-title = Асобы
persons-search-label = Імя (любое напісанне) або нумар дакумента
search = Знайсці
persons-found = { $n ->
    [one] Знойдзена { $n } асоба
    [few] Знойдзена { $n } асобы
   *[many] Знойдзена { $n } асоб
}
person-title = Асоба
person-code = Код
person-name = Імя
person-sex = Пол
person-birth-year = Год нараджэння
person-born = Дата нараджэння
person-identity = Асоба
person-identity-hidden = Звесткі пра асобу вам не перададзены.
person-cases = { $n ->
    [one] { $n } справа
    [few] { $n } справы
   *[many] { $n } спраў
}
masked = схавана
timeline = Храналогія
event-date = Дата
event-kind = Што адбылося
event-notes = Нататкі
audit-title = Журнал аўдыту
audit-verify = Праверыць увесь ланцужок
audit-at = Час
audit-actor = Хто
audit-action = Дзеянне
audit-record = Запіс
audit-detail = Падрабязнасці
verify-title = Ланцужок аўдыту
verify-ok = { $n ->
    [one] Ланцужок з { $n } запісу не парушаны.
   *[other] Ланцужок з { $n } запісаў не парушаны.
}
verify-head = Хэш вяршыні:
verify-broken = Ланцужок парушаны:
users-title = Карыстальнікі
organisations-title = Арганізацыі
display-name = Імя
organisation = Арганізацыя
organisation-kind = Від
organisation-parent = Уваходзіць у
roles = Ролі
active = Актыўны

# Forms: problems beside fields, hotline intake, the agency register, referrals, assistance.
nav-hotline = Гарачая лінія
nav-register = Рэестр агенцтваў
conflict = Запіс тым часам змяніў нехта іншы; абнавіце старонку, каб убачыць змены.
problem-required = Запоўніце гэтае поле.
problem-too-long = Не больш за { $max } сімвалаў.
problem-in-future = { $date } — дата ў будучыні (сёння { $today }).
problem-before-other = { $date } раней за { $other }.
problem-unknown-code = «{ $value }» няма сярод варыянтаў.
problem-negative = Не можа быць адмоўным.
problem-age-over = Атрымліваецца ўзрост больш за { $max } гадоў.
problem-out-of-range = Павінна быць ад { $min } да { $max }.
problem-duplicate = «{ $value }» пазначана больш за адзін раз.
problem-not-a-date = «{ $value }» — не дата (ГГГГ-ММ-ДД).
hotline-title = Званок на гарачую лінію
hotline-caller = Хто тэлефануе
hotline-channel = Канал
hotline-topic = Тэма
hotline-destination = Краіна прызначэння
hotline-advice = Дадзеная кансультацыя
hotline-referred-to = Накіраваны ў
hotline-save = Захаваць званок
hotline-saved = Званок захаваны:
agencies-title = Ліцэнзаваныя агенцтвы і наймальнікі
agencies-search-label = Назва агенцтва або наймальніка ці нумар ліцэнзіі
agencies-none = Няма ў рэестры ліцэнзаваных агенцтваў: папярэдзьце абанента.
agency-name = Назва
agency-licence = Ліцэнзія
agency-country = Краіна
agency-valid = Дзеянне ліцэнзіі
agency-licensed = дзейнічае сёння
agency-not-licensed = сёння не дзейнічае
register-title = Рэестр ліцэнзаваных агенцтваў
register-file = CSV-файл ліцэнзуючага органа
register-columns = UTF-8, праз коску або кропку з коскай, са слупкамі:
register-import = Імпартаваць
register-imported = Імпартавана: дададзена { $added }, зменена { $changed }, без змен { $unchanged }.
register-refused = Нічога не імпартавана. Выпраўце файл і імпартуйце зноў:
register-no-file = Выберыце файл для імпарту.
register-not-utf8 = Файл не ў кадоўцы UTF-8: захавайце яго як «CSV UTF-8» і паўтарыце.
register-missing-columns = У загалоўку няма слупкоў: { $columns }.
register-bad-line = Радок { $line }: { $reason }
register-bad-cell = Радок { $line }, слупок { $column }: { $reason }
register-duplicate = Радок { $line }: ліцэнзія { $licence } ужо ёсць у радку { $first }.
assistance-title = Аказаная дапамога
assistance-kind = Від дапамогі
assistance-delivered-on = Дата аказання
assistance-notes = Нататкі
assistance-record = Запісаць дапамогу
refer-title = Накіраваць справу
refer-to = У арганізацыю
refer-sections = Перадаваныя раздзелы
refer-consent = Згода або прававая падстава
refer-consent-on = Дата згоды
refer-send = Адправіць накіраванне
referral-title = Накіраванне
referral-status = Статус
referral-responded-on = Дата адказу
referral-completed-on = Дата завяршэння
referral-decline-reason = Прычына адмовы
referral-open-case = Адкрыць справу
referral-answer-on = Дата
referral-accept = Прыняць
referral-decline = Адхіліць
referral-complete = Завяршыць
code-caller-possible_victim = Магчымая ахвяра
code-caller-relative = Сваяк або знаёмы
code-caller-planning_to_go_abroad = Плануе выезд за мяжу
code-caller-professional = Спецыяліст
code-caller-other = Іншае
code-caller-anonymous = Ананім
code-channel-phone = Тэлефон
code-channel-email = Электронная пошта
code-channel-messenger = Месенджар
code-channel-website = Сайт
code-channel-social_media = Сацыяльныя сеткі
code-channel-in_person = Асабіста
code-topic-employment_abroad = Праца за мяжой
code-topic-study_abroad = Вучоба за мяжой
code-topic-marriage_abroad = Шлюб з замежнікам
code-topic-safe_travel = Бяспечны выезд
code-topic-agency_check = Праверка агенцтва
code-topic-trafficking_suspicion = Падазрэнне на гандаль людзьмі
code-topic-missing_person = Зніклы чалавек
code-topic-legal_status = Прававы статус
code-topic-documents = Дакументы
code-topic-other = Іншае
code-reason-AdditionalServicesRequired = Патрэбныя дадатковыя паслугі
code-reason-MigrationOrChangeOfLocation = Пераезд або змена месца
code-reason-Other = Іншае
code-section-summary = Зводка
code-section-identity = Асабістыя звесткі
code-section-details = Падрабязнасці
code-section-events = Падзеі
code-section-assistance = Дапамога
code-section-notes = Нататкі
code-consent-person_consented = Згода асобы
code-consent-minor_legal_exception = Дзіця: выключэнне па законе
code-consent-imminent_danger = Непасрэдная небяспека
code-referral-status-sent = Адпраўлена
code-referral-status-accepted = Прынята
code-referral-status-declined = Адхілена
code-referral-status-completed = Завершана
code-agency-kind-recruitment_agency = Кадравае агенцтва
code-agency-kind-foreign_employer = Замежны наймальнік
code-assistance-shelter = Прытулак
code-assistance-medical = Медыцынская
code-assistance-psychological = Псіхалагічная
code-assistance-legal = Юрыдычная
code-assistance-humanitarian = Гуманітарная
code-assistance-return_travel = Вяртанне дадому
code-assistance-reintegration = Рэінтэграцыя
code-assistance-social_counselling = Сацыяльнае кансультаванне
code-assistance-financial_aid = Матэрыяльная дапамога
code-assistance-education = Адукацыя
code-assistance-employment = Працаўладкаванне
code-assistance-other = Іншае

# Statistics on screen.
nav-statistics = Статыстыка
stats-title = Статыстыка
stats-indicator = Паказчык
stats-period = Перыяд
stats-period-forms = Год (2023), квартал (2023-Q2), месяц (2023-05), першыя месяцы года (2024-first-5), дыяпазон (2022-01-01..2023-12-31), as-of:2024-06-01, since:2021-01-01.
stats-by = Разбіўка па
stats-by2 = і па
stats-show = Паказаць
stats-value = Значэнне
stats-previous = Папярэдні супастаўны перыяд
stats-overlap = Адзін чалавек можа ўлічвацца ў некалькіх радках гэтай разбіўкі, таму сума радкоў можа перавышаць вынік.
stats-threshold = Ячэйкі, за якімі менш за { $n } чалавек, паказаны як <{ $n }, і столькі іншых, колькі трэба, каб іх нельга было вылічыць.
stats-download = Спампаваць паказчык:
stats-report = краінавы даклад за перыяд:
stats-not-a-breakdown = гэтая разбіўка для паказчыка недаступная; даступныя: { $allowed }
home-tiles = З пачатку года
home-tiles-previous = тыя ж месяцы мінулага года:

# Deadlines on the home page.
home-deadlines = { $n ->
    [one] { $n } абарона заканчваецца ў бліжэйшыя 60 дзён
    [few] { $n } абароны заканчваюцца ў бліжэйшыя 60 дзён
   *[many] { $n } абарон заканчваюцца ў бліжэйшыя 60 дзён
}
home-no-deadlines = У бліжэйшыя 60 дзён ніводная абарона не заканчваецца.
home-deadline-on = Заканчваецца

# Administration: accounts and organisations.
admin-new-user = Новы ўліковы запіс
admin-first-password = Першы пароль (не менш за 12 сімвалаў; перадайце асабіста)
admin-create = Стварыць
admin-deactivate = Адключыць
admin-activate = Уключыць
admin-reset-second-factor = Скінуць другі фактар
admin-new-organisation = Новая арганізацыя
organisation-short-name = Кароткая назва
organisation-region = Вобласць
code-role-hotline_operator = Аператар гарачай лініі
code-role-case_worker = Сацыяльны работнік
code-role-investigator = Следчы
code-role-migration_officer = Супрацоўнік міграцыйнай службы
code-role-analyst = Аналітык
code-role-administrator = Адміністратар
code-role-auditor = Аўдытар
code-org-kind-NGO = Грамадская арганізацыя
code-org-kind-LawEnforcement = Праваахоўны орган
code-org-kind-HealthServiceOrganisation = Установа аховы здароўя
code-org-kind-CentralGovernmentOrganisation = Рэспубліканскі орган
code-org-kind-LocalGovernmentOrganisation = Мясцовы орган улады
code-org-kind-ImmigrationService = Міграцыйная служба
code-org-kind-LegalService = Юрыдычная служба
code-org-kind-CorporateBusiness = Камерцыйная арганізацыя
code-org-kind-SchoolOrCollege = Навучальная ўстанова
code-org-kind-InternationalOrganisation = Міжнародная арганізацыя
code-org-kind-Prosecution = Пракуратура
code-org-kind-BorderGuard = Пагранічная служба
code-org-kind-SocialService = Сацыяльная служба
code-region-BY-BR = Брэсцкая вобласць
code-region-BY-HO = Гомельская вобласць
code-region-BY-HR = Гродзенская вобласць
code-region-BY-MA = Магілёўская вобласць
code-region-BY-MI = Мінская вобласць
code-region-BY-VI = Віцебская вобласць
code-region-BY-HM = г. Мінск
