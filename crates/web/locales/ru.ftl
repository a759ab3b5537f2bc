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
