# Веб-приложение Haven, русский.
nav-label = Главное меню
nav-home = Главная
nav-persons = Лица
nav-cases = Дела
nav-audit = Журнал аудита
nav-users = Пользователи
nav-organisations = Организации
language = Язык
language-save = Сменить
sign-out = Выйти
sign-in = Войти
sign-in-title = Вход в Haven
sign-in-wrong = Неверное имя пользователя или пароль.
sign-in-locked = Слишком много неудачных попыток. Вход заблокирован на 15 минут.
username = Имя пользователя
password = Пароль
code-title = Одноразовый код
code = Шестизначный код
code-intro = Введите код, который приложение-аутентификатор показывает для Haven.
code-enrol-intro = Вашей учётной записи нужен второй фактор. Добавьте Haven в приложение-аутентификатор с этим ключом и введите показанный код.
code-enrol-key = Ключ:
code-enrol-uri = Или импортируйте:
code-submit = Подтвердить
code-wrong = Код неверен или уже использован. Дождитесь следующего.
home-title = Главная
home-welcome = Что ждёт вас сегодня.
home-referrals-waiting = { $n ->
    [one] { $n } направление ждёт вас
    [few] { $n } направления ждут вас
   *[many] { $n } направлений ждут вас
}
home-nothing-waiting = Ничего не ждёт.
home-recent-cases = Последние дела
home-recent-audit = Последние записи журнала аудита
referral-sent-on = Отправлено
referral-from = От
referral-reason = Причина
open = Открыть
cases-title = Дела
case-title = Дело
cases-none = Дел нет.
case-reference = Номер
case-kind = Вид
case-opened = Открыто
case-status = Статус
case-person = Лицо
case-details = Сведения
section-hidden = Этот раздел вам не передан.
all = Все
show = Показать
previous-page = Предыдущая страница
next-page = Следующая страница
persons-title = Лица
persons-search-label = Имя (любое написание) или номер документа
search = Найти
persons-found = { $n ->
    [one] Найдено { $n } лицо
    [few] Найдено { $n } лица
   *[many] Найдено { $n } лиц
}
person-title = Лицо
person-code = Код
person-name = Имя
person-sex = Пол
person-birth-year = Год рождения
person-born = Дата рождения
person-identity = Личность
person-identity-hidden = Сведения о личности вам не переданы.
person-cases = { $n ->
    [one] { $n } дело
    [few] { $n } дела
   *[many] { $n } дел
}
masked = скрыто
timeline = Хронология
event-date = Дата
event-kind = Что произошло
event-notes = Заметки
audit-title = Журнал аудита
audit-verify = Проверить всю цепочку
audit-at = Время
audit-actor = Кто
audit-action = Действие
audit-record = Запись
audit-detail = Подробности
verify-title = Цепочка аудита
verify-ok = { $n ->
    [one] Цепочка из { $n } записи не нарушена.
   *[other] Цепочка из { $n } записей не нарушена.
}
verify-head = Хеш вершины:
verify-broken = Цепочка нарушена:
users-title = Пользователи
organisations-title = Организации
display-name = Имя
organisation = Организация
organisation-kind = Вид
organisation-parent = Входит в
roles = Роли
active = Активен

# Forms: problems beside fields, hotline intake, the agency register, referrals, assistance.
nav-hotline = Горячая линия
nav-register = Реестр агентств
conflict = Запись тем временем изменил кто-то другой; обновите страницу, чтобы увидеть изменения.
problem-required = Заполните это поле.
problem-too-long = Не больше { $max } символов.
problem-in-future = { $date } — дата в будущем (сегодня { $today }).
problem-before-other = { $date } раньше, чем { $other }.
problem-unknown-code = «{ $value }» нет среди вариантов.
problem-negative = Не может быть отрицательным.
problem-age-over = Получается возраст больше { $max } лет.
problem-out-of-range = Должно быть от { $min } до { $max }.
problem-duplicate = «{ $value }» указано больше одного раза.
problem-not-a-date = «{ $value }» — не дата (ГГГГ-ММ-ДД).
hotline-title = Звонок на горячую линию
hotline-caller = Кто звонит
hotline-channel = Канал
hotline-topic = Тема
hotline-destination = Страна назначения
hotline-advice = Данная консультация
hotline-referred-to = Направлен в
hotline-save = Сохранить звонок
hotline-saved = Звонок сохранён:
agencies-title = Лицензированные агентства и наниматели
agencies-search-label = Название агентства или нанимателя либо номер лицензии
agencies-none = Нет в реестре лицензированных агентств: предупредите абонента.
agency-name = Название
agency-licence = Лицензия
agency-country = Страна
agency-valid = Действие лицензии
agency-licensed = действует сегодня
agency-not-licensed = сегодня не действует
register-title = Реестр лицензированных агентств
register-file = CSV-файл лицензирующего органа
register-columns = UTF-8, через запятую или точку с запятой, со столбцами:
register-import = Импортировать
register-imported = Импортировано: добавлено { $added }, изменено { $changed }, без изменений { $unchanged }.
register-refused = Ничего не импортировано. Исправьте файл и импортируйте снова:
register-no-file = Выберите файл для импорта.
register-not-utf8 = Файл не в кодировке UTF-8: сохраните его как «CSV UTF-8» и повторите.
register-missing-columns = В заголовке нет столбцов: { $columns }.
register-bad-line = Строка { $line }: { $reason }
register-bad-cell = Строка { $line }, столбец { $column }: { $reason }
register-duplicate = Строка { $line }: лицензия { $licence } уже есть в строке { $first }.
assistance-title = Оказанная помощь
assistance-kind = Вид помощи
assistance-delivered-on = Дата оказания
assistance-notes = Заметки
assistance-record = Записать помощь
refer-title = Направить дело
refer-to = В организацию
refer-sections = Передаваемые разделы
refer-consent = Согласие или правовое основание
refer-consent-on = Дата согласия
refer-send = Отправить направление
referral-title = Направление
referral-status = Статус
referral-responded-on = Дата ответа
referral-completed-on = Дата завершения
referral-decline-reason = Причина отказа
referral-open-case = Открыть дело
referral-answer-on = Дата
referral-accept = Принять
referral-decline = Отклонить
referral-complete = Завершить
code-caller-possible_victim = Возможная жертва
code-caller-relative = Родственник или знакомый
code-caller-planning_to_go_abroad = Планирует выезд за границу
code-caller-professional = Специалист
code-caller-other = Другое
code-caller-anonymous = Аноним
code-channel-phone = Телефон
code-channel-email = Электронная почта
code-channel-messenger = Мессенджер
code-channel-website = Сайт
code-channel-social_media = Социальные сети
code-channel-in_person = Лично
code-topic-employment_abroad = Работа за границей
code-topic-study_abroad = Учёба за границей
code-topic-marriage_abroad = Брак с иностранцем
code-topic-safe_travel = Безопасный выезд
code-topic-agency_check = Проверка агентства
code-topic-trafficking_suspicion = Подозрение на торговлю людьми
code-topic-missing_person = Пропавший человек
code-topic-legal_status = Правовой статус
code-topic-documents = Документы
code-topic-other = Другое
code-reason-AdditionalServicesRequired = Нужны дополнительные услуги
code-reason-MigrationOrChangeOfLocation = Переезд или смена места
code-reason-Other = Другое
code-section-summary = Сводка
code-section-identity = Личные данные
code-section-details = Подробности
code-section-events = События
code-section-assistance = Помощь
code-section-notes = Заметки
code-consent-person_consented = Согласие лица
code-consent-minor_legal_exception = Ребёнок: исключение по закону
code-consent-imminent_danger = Непосредственная опасность
code-referral-status-sent = Отправлено
code-referral-status-accepted = Принято
code-referral-status-declined = Отклонено
code-referral-status-completed = Завершено
code-agency-kind-recruitment_agency = Кадровое агентство
code-agency-kind-foreign_employer = Иностранный наниматель
code-assistance-shelter = Приют
code-assistance-medical = Медицинская
code-assistance-psychological = Психологическая
code-assistance-legal = Юридическая
code-assistance-humanitarian = Гуманитарная
code-assistance-return_travel = Возвращение домой
code-assistance-reintegration = Реинтеграция
code-assistance-social_counselling = Социальное консультирование
code-assistance-financial_aid = Материальная помощь
code-assistance-education = Образование
code-assistance-employment = Трудоустройство
code-assistance-other = Другое

# Statistics on screen.
nav-statistics = Статистика
stats-title = Статистика
stats-indicator = Показатель
stats-period = Период
stats-period-forms = Год (2023), квартал (2023-Q2), месяц (2023-05), первые месяцы года (2024-first-5), диапазон (2022-01-01..2023-12-31), as-of:2024-06-01, since:2021-01-01.
stats-by = Разбивка по
stats-by2 = и по
stats-show = Показать
stats-value = Значение
stats-previous = Предыдущий сопоставимый период
stats-overlap = Один человек может учитываться в нескольких строках этой разбивки, поэтому сумма строк может превышать итог.
stats-threshold = Ячейки, за которыми меньше { $n } человек, показаны как <{ $n }, и столько других, сколько нужно, чтобы их нельзя было вычислить.
stats-download = Скачать показатель:
stats-report = страновой доклад за период:
stats-not-a-breakdown = эта разбивка для показателя недоступна; доступны: { $allowed }
home-tiles = С начала года
home-tiles-previous = те же месяцы прошлого года:

# Deadlines on the home page.
home-deadlines = { $n ->
    [one] { $n } защита истекает в ближайшие 60 дней
    [few] { $n } защиты истекают в ближайшие 60 дней
   *[many] { $n } защит истекают в ближайшие 60 дней
}
home-no-deadlines = В ближайшие 60 дней ни одна защита не истекает.
home-deadline-on = Истекает

# Administration: accounts and organisations.
admin-new-user = Новая учётная запись
admin-first-password = Первый пароль (не меньше 12 символов; передайте лично)
admin-create = Создать
admin-deactivate = Отключить
admin-activate = Включить
admin-reset-second-factor = Сбросить второй фактор
admin-new-organisation = Новая организация
organisation-short-name = Краткое название
organisation-region = Область
code-role-hotline_operator = Оператор горячей линии
code-role-case_worker = Социальный работник
code-role-investigator = Следователь
code-role-migration_officer = Сотрудник миграционной службы
code-role-analyst = Аналитик
code-role-administrator = Администратор
code-role-auditor = Аудитор
code-org-kind-NGO = Общественная организация
code-org-kind-LawEnforcement = Правоохранительный орган
code-org-kind-HealthServiceOrganisation = Учреждение здравоохранения
code-org-kind-CentralGovernmentOrganisation = Республиканский орган
code-org-kind-LocalGovernmentOrganisation = Местный орган власти
code-org-kind-ImmigrationService = Миграционная служба
code-org-kind-LegalService = Юридическая служба
code-org-kind-CorporateBusiness = Коммерческая организация
code-org-kind-SchoolOrCollege = Учебное заведение
code-org-kind-InternationalOrganisation = Международная организация
code-org-kind-Prosecution = Прокуратура
code-org-kind-BorderGuard = Пограничная служба
code-org-kind-SocialService = Социальная служба
code-region-BY-BR = Брестская область
code-region-BY-HO = Гомельская область
code-region-BY-HR = Гродненская область
code-region-BY-MA = Могилёвская область
code-region-BY-MI = Минская область
code-region-BY-VI = Витебская область
code-region-BY-HM = г. Минск
