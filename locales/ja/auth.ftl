# ログイン、登録、パスワードの再設定、メールアドレスの確認、ログイン時の2要素認証、
# 同意、デバイス、ログアウトの各ページ。

## 共通の項目ラベル
field-label-email = メールアドレス
field-label-password = パスワード

## /login（templates/pages/login.html）
login-title = ログイン
login-submit = ログイン
login-or = または
login-passkey = パスキーでログイン
login-with-provider = { $provider } でログイン
login-forgot = パスワードをお忘れですか？
# $link は login-no-account-link の文言のリンク。
login-no-account = アカウントをお持ちでない方は{ $link }
login-no-account-link = こちらから作成

## 複数のログインページで共通の語
login-continue = 続行
login-label-code = コード
login-allow = 許可
login-deny = 拒否
# /login に戻るリンクまたはボタン。
login-link-sign-in = ログイン
login-back-to-sign-in = ログイン画面に戻る
login-link-account = アカウントページへ
# リンク付きのメールを送信した後に表示するページの見出し。
login-check-email-title = メールをご確認ください
# $provider はログインプロバイダーの名前（"GitLab"）。
login-continue-with-provider = { $provider } で続行

## リダイレクト後に /login の上部に表示するお知らせ
login-notice-signed-out = ログアウトしました。
login-notice-password-reset = パスワードを変更しました。新しいパスワードでログインしてください。
login-notice-deleted = アカウントとそのデータを削除しました。
# 「ログイン連携」はアカウントページの該当セクションの見出しです。
login-notice-connect = パスワードでログインしてから、アカウントページの「ログイン連携」でプロバイダーを連携してください。

## /register（templates/pages/register.html）
login-register-title = アカウントを作成
login-label-name-optional = 名前（任意）
# $min と $max は文字数。
login-register-password-hint = { $min }〜{ $max }文字。関連のない単語をいくつか組み合わせると強力なパスワードになります。
login-register-submit = アカウントを作成
# $link は login-have-account-link の文言のリンク。
login-have-account = すでにアカウントをお持ちの方は{ $link }
login-have-account-link = こちらからログイン
# $email はアカウント作成に使ったメールアドレス。
login-register-done = アカウント { $email } の準備ができました。メールアドレスを確認するためのリンクをメールでお送りしました。

## /forgot-password（templates/pages/forgot.html）
login-forgot-title = パスワードをお忘れですか？
login-forgot-intro = メールアドレスを入力してください。新しいパスワードを設定するためのリンクをお送りします。
login-forgot-submit = リンクを送信
login-forgot-sent = このメールアドレスのアカウントが存在する場合は、新しいパスワードを設定するためのリンクをお送りしました。リンクは一定時間内に1回だけ使用できます。

## /reset-password（templates/pages/reset.html）
login-reset-title = 新しいパスワードの設定
login-label-new-password = 新しいパスワード
# $min と $max は文字数。
login-reset-password-hint = { $min }〜{ $max }文字。すべての端末で再度ログインが必要になります。
login-reset-submit = パスワードを設定
login-link-new-reset = 新しいリンクをリクエスト

## /verify-email（templates/pages/verify.html）
login-verify-title = メールアドレスの確認
login-verify-intro = ボタンを押して、このメールアドレスがご本人のものであることを確認してください。
login-verify-submit = メールアドレスを確認
login-verified-title = メールアドレスを確認しました
login-verified = ありがとうございます。メールアドレスの確認が完了しました。

## ログインの2段階目（templates/pages/login_mfa.html）
login-mfa-title = 2段階目の認証
login-mfa-totp = 認証アプリに表示されている6桁のコードを入力してください。
login-mfa-totp-or-code = 認証アプリに表示されている6桁のコード、またはリカバリーコードのいずれかを入力してください。
login-mfa-passkey = パスキーを使用してログインを完了してください。
login-mfa-passkey-or-code = パスキーを使用してログインを完了するか、リカバリーコードのいずれかを入力してください。
login-mfa-code = リカバリーコードのいずれかを入力してください。
login-mfa-use-passkey = パスキーを使用
login-mfa-needs-javascript = パスキーを使用するには、このブラウザで JavaScript を有効にする必要があります。
login-start-over = 最初からやり直す

## 別のプロバイダー経由のログインが中断したとき
login-federated-retry = もう一度試す
login-federated-use-password = パスワードでログイン
login-federated-unavailable-title = ログインサービスを利用できません
login-federated-unavailable = ログインプロバイダーに接続できなかったか、ログインを完了できませんでした。しばらくしてからもう一度お試しいただくか、別の方法でログインしてください。

## アプリへの同意（templates/pages/consent.html）
# ブラウザのタブのタイトル。
login-consent-title = アクセスの許可
# $client はアプリの名前。
login-consent-heading = { $client } を許可しますか？
# $client はアプリの名前（太字）。続いてアプリが参照できる情報の一覧が表示されます。
login-consent-asks-and-see = { $client } が、あなたのアカウントでのログインと、次の情報へのアクセスを求めています：
# $client はアプリの名前（太字）。
login-consent-asks = { $client } が、あなたのアカウントでのログインを求めています。
# 「連携済みアプリ」はアカウントページの該当セクションの見出しです。
login-consent-withdraw = この許可は、アカウントページの「連携済みアプリ」でいつでも取り消せます。
# アプリが要求する各スコープで参照できる情報（login-consent-asks-and-see の後の一覧）。
login-scope-profile = 名前
login-scope-email = メールアドレス
login-scope-offline-access = 利用していない間のアクセス（ログイン状態が維持されます）
login-scope-roles = ロール
# 応じると安全でない認可リクエスト。
login-refused-title = ログインできません
login-refused-heading = このアプリにはログインできません
login-refused-unregistered = このアプリはこのサーバーに登録されていません。
login-refused-redirect-uri = 戻り先のアドレスが、このアプリで登録されたものではありません。

## /device（templates/pages/device.html）
login-device-title = デバイスの接続
login-device-intro = デバイスに表示されているコードを入力してください。
device-code-unknown = このコードは無効か、使用済みか、期限切れです。デバイスで現在のコードを確認してください。
# $client はアプリの名前。
login-device-heading = デバイスで { $client } を許可しますか？
# $code はデバイスに表示されているコード（太字）。
login-device-asks = コード { $code } を表示しているデバイスが、あなたのアカウントでのログインを求めています。
# $code はデバイスに表示されているコード（太字）、$scopes はスコープのコードの一覧（"profile, email"）。
login-device-asks-and-see = コード { $code } を表示しているデバイスが、あなたのアカウントでのログインと、次の情報へのアクセスを求めています：{ $scopes }
login-device-only-yours = ご自身のデバイスで開始した場合のみ許可してください。
login-device-connected-title = デバイスを接続しました
login-device-connected = デバイスに戻ってください。ログインが完了しています。
login-device-refused-title = デバイスは接続されませんでした
login-device-refused = デバイスのアクセスを拒否しました。このページは閉じてかまいません。

## アプリの要求によるログアウト（templates/pages/logout.html）
# ブラウザのタブのタイトル。
login-logout-title = ログアウト
login-logout-heading = ログアウトしますか？
login-logout-asked = アプリが { $product } からのログアウトを求めています。
login-logout-submit = ログアウト
login-logout-stay = ログインしたままにする
login-logout-refused-title = ログアウトできません
login-logout-refused-heading = このアプリからはログアウトできません
login-logout-refused-two-apps = ログアウトのリクエストに2つの異なるアプリが指定されています。
login-logout-refused-redirect-uri = ログアウト後の戻り先のアドレスが、このアプリで登録されたものではありません。
login-signed-out-title = ログアウトしました
login-signed-out-heading = ログアウトしました
login-signed-out-close = このウィンドウは閉じてかまいません。
login-link-sign-in-again = もう一度ログイン

## 長い一覧の下のページ番号（templates/pages/pager.html、管理ページ）
login-pager-label = ページ
login-pager-previous = 前のページ
login-pager-next = 次のページ
login-pager-position = { $page } / { $pages } ページ

## ログインページのパスキー用スクリプト（static/passkeys.js）
login-passkey-failed = パスキーを開始できませんでした。ページを再読み込みして、もう一度お試しください。
# ブラウザのパスキーのダイアログが閉じられたとき。
login-passkey-cancelled = パスキーが使用されませんでした。もう一度お試しいただくか、別の方法をご利用ください。
