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
