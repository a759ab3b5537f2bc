report-title = Информация Республики Беларусь о противодействии торговле людьми и незаконной миграции
report-period = Период: с { $from } по { $to }
report-generated = Рассчитано системой Haven по национальным учётам { $date }. Значения меньше { $threshold } показаны как «<{ $threshold }».
report-locked = Зафиксированный отчёт «{ $name }», показатели закреплены { $date } (отпечаток { $hash }).
section-prevention = Профилактика
section-migration = Незаконная миграция
section-protection = Международная защита и гражданство
section-trafficking = Торговля людьми и помощь жертвам
section-trends = Динамика по годам
section-annex = Приложение: таблицы
annex-figures = Таблица 1. Все показатели отчёта
column-indicator = Показатель
column-period = Период
column-value = Значение
column-previous = Предыдущий сопоставимый период
column-year = Год
column-revision = Изменение после фиксации
revision = зафиксировано { $locked }, сейчас { $current }

prevention-publications-minors_sexual_exploitation = Проведена широкая информационная кампания по предупреждению сексуальной эксплуатации несовершеннолетних: { $value } { $n ->
    [one] публикация
    [few] публикации
   *[many] публикаций
} за период (за предыдущий сопоставимый период — { $previous }).
prevention-survey-awareness_share = По данным опросов, проведённых в периоде, { $value } населения хорошо понимают проблему торговли людьми.
prevention-activities = Всего проведено профилактических мероприятий: { $value }.
migration-irregular_migrants-identified = В Беларуси { $n ->
    [one] выявлен { $value } незаконный мигрант
    [few] выявлено { $value } незаконных мигранта
   *[many] выявлено { $value } незаконных мигрантов
} (за предыдущий сопоставимый период — { $previous }).
migration-irregular_migrants-detained = Задержано { $value } { $n ->
    [one] человек
    [few] человека
   *[many] человек
}.
detention-irregular_migrants-average_daily_population = Незаконные мигранты содержатся в изоляторах временного содержания и центрах изоляции правонарушителей: в среднем { $value } ежедневно.
return-voluntary-iom_assisted = При содействии МОМ на родину { $n ->
    [one] возвращён { $value } иностранец
    [few] возвращено { $value } иностранца
   *[many] возвращено { $value } иностранцев
}.
assistance-irregular_migrants-persons_assisted = Гуманитарную, медицинскую, правовую и иную помощь получили { $value } { $n ->
    [one] незаконный мигрант
    [few] незаконных мигранта
   *[many] незаконных мигрантов
}.
funding-migrant_assistance-usd_equivalent = Объём средств, выделенных на помощь мигрантам, следующим транзитом через территорию Республики Беларусь, составил { $value } долларов США в эквиваленте, включая спонсорскую помощь, пожертвования физических лиц и иностранную безвозмездную помощь.
asylum-applications-non_cis = За статусом беженца, дополнительной защитой или убежищем { $n ->
    [one] обратился { $value } иностранец
    [few] обратились { $value } иностранца
   *[many] обратились { $value } иностранцев
} из стран вне СНГ (за предыдущий сопоставимый период — { $previous }).
protection-applications-ukraine = За статусом беженца, дополнительной защитой или убежищем обратились { $value } { $n ->
    [one] гражданин
    [few] гражданина
   *[many] граждан
} Украины.
protection-additional_protection-granted-ukraine = Дополнительная защита в Республике Беларусь предоставлена { $value } { $n ->
    [one] украинцу
   *[other] украинцам
}.
protection-additional_protection-extended-ukraine = Приняты решения о продлении срока дополнительной защиты в отношении { $value } { $n ->
    [one] украинца
   *[other] украинцев
}.
citizenship-applications-ukraine = За приобретением гражданства Республики Беларусь обратились { $value } { $n ->
    [one] гражданин
    [few] гражданина
   *[many] граждан
} Украины (включая несовершеннолетних),
citizenship-acquired-ukraine = из них гражданами Беларуси стали { $value }.
trafficking-victims-identified = Установлено { $value } { $n ->
    [one] жертва
    [few] жертвы
   *[many] жертв
} торговли людьми (за предыдущий сопоставимый период — { $previous }).
assistance-trafficking_victims-reintegration = МОМ оказала помощь в реинтеграции { $value } { $n ->
    [one] жертве
   *[other] жертвам
} торговли людьми.
criminal-cases-initiated = Возбуждено { $value } { $n ->
    [one] уголовное дело
    [few] уголовных дела
   *[many] уголовных дел
} по статьям о торговле людьми, принудительном труде, сутенёрстве и незаконной миграции.
criminal-persons-convicted = Осуждено { $value } { $n ->
    [one] лицо
    [few] лица
   *[many] лиц
}.
hotline-contacts = На горячую линию { $n ->
    [one] поступило { $value } обращение
    [few] поступило { $value } обращения
   *[many] поступило { $value } обращений
}.
reference-victims-title = Выявленные жертвы торговли людьми, Беларусь, по годам: UNODC GLOTIP и Haven, с уровнем в докладе США о торговле людьми (внешняя справочная статистика)
column-tip-tier = Уровень в докладе США (TIP)
