# ページとメールで共通。どのメッセージにも `$product` が渡されます。

# 言語メニューに表示する、この言語自身の名前。
language-name = 日本語
# chrono の strftime パターン（https://docs.rs/chrono/latest/chrono/format/strftime/）。
format-date = %Y年%m月%d日
format-datetime = %Y年%m月%d日 %H:%M UTC
# リストの項目の間に入る区切り。
list-separator = {"、"}

duration-days = { $count ->
   *[other] { $count }日
}
duration-hours = { $count ->
   *[other] { $count }時間
}
duration-minutes = { $count ->
   *[other] { $count }分
}
duration-seconds = { $count ->
   *[other] { $count }秒
}

## フォーム
form-correct-fields = 下記の項目を修正してください。
form-too-many-attempts = { $seconds ->
   *[other] 試行回数が多すぎます。{ $seconds }秒後にもう一度お試しください。
}

## すべてのページの枠（templates/pages/layout.html）
# ブラウザのタブ：ページのタイトル、続いて製品名。
layout-title = { $title } · { $product }
layout-skip = 本文へスキップ
layout-nav-main = メイン
layout-account = アカウント
layout-admin = 管理
layout-sign-out = ログアウト
layout-sign-in = ログイン
layout-register = アカウント作成
layout-nav-languages = 言語

## 言語
# $languages は言語タグの一覧（例："en, de, fr"）。
field-unsupported-locale = 次のいずれかを指定してください：{ $languages }
