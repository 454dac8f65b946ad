# ログイン中のユーザー自身のページ：/account、認証アプリの設定、一度だけ表示されるリカバリーコード。

## /account（templates/pages/account.html）
# ページのタイトルと見出し。
account-title = アカウント
# パスワードを持たない人（プロバイダー経由でログインする人）にパスワード欄の代わりに
# 表示します。$link は account-fresh-hint-link の文言のリンク。
account-fresh-hint = パスワードが設定されていないため、ログインから5分以内であれば、そのログインで本人確認が行われます。5分以上経過している場合は、先に{ $link }してください。
account-fresh-hint-link = 再ログイン

## フォーム送信後に /account の上部に表示するお知らせ
account-notice-profile = 名前を保存しました。
account-notice-password = パスワードを変更しました。他のセッションはログアウトされました。
account-notice-verification = 確認メールを再送信しました。
account-notice-session = そのセッションをログアウトしました。
account-notice-app = そのアプリの連携を解除し、ログアウトしました。
account-notice-totp-removed = 認証アプリを削除しました。
account-notice-passkey-added = パスキーを追加しました。
account-notice-passkey-removed = そのパスキーを削除しました。
account-notice-connected = プロバイダーを連携しました。今後はこのプロバイダーでログインできます。
account-notice-disconnected = プロバイダーの連携を解除しました。

## プロフィール
account-profile-heading = プロフィール
account-email = メールアドレス
# メールアドレスの横に表示するバッジ。
account-email-verified = 確認済み
# メールアドレスの横に表示するバッジ。
account-email-not-verified = 未確認
# 続いてアカウントの作成日が表示されます。
account-member-since = 登録日
account-resend-verification = 確認メールを再送信
# ユーザーの表示名のラベル。
account-field-name = 名前
account-save-name = 名前を保存

## パスワード
account-password-heading = パスワードの変更
# $link は account-no-password-link の文言のリンクで、パスワード設定用のリンクを
# メールで送るページへのリンクです。
account-no-password = プロバイダー経由でログインしているため、パスワードは設定されていません。パスワードを設定するには、{ $link }。
account-no-password-link = メールでリンクをリクエストしてください
account-field-current-password = 現在のパスワード
account-field-new-password = 新しいパスワード
account-password-hint = 他のセッションはログアウトされます。
account-password-submit = パスワードを変更

## セキュリティ：認証アプリ
account-security-heading = セキュリティ
account-totp-heading = 認証アプリ
# バッジ：認証アプリが有効になっている。
account-totp-on = 有効
account-totp-on-text = パスワードでログインする際に、アプリのコードの入力も求められます。
account-field-totp-remove-password = アプリを削除するには、パスワードを入力してください
account-totp-remove = アプリを削除
account-totp-off-text = パスワードでログインする際に、スマートフォンのアプリのコードの入力を求めます。
account-field-password = パスワード
account-totp-start = 認証アプリを設定

## セキュリティ：リカバリーコード
account-codes-heading = リカバリーコード
# $total 個ずつ作成されたコードのうち、$left 個が未使用。
account-codes-left = { $left ->
    [0] リカバリーコードは{ $total }個中0個が残っています。スマートフォンやパスキーを紛失した場合に備えて、新しく作成してください。
   *[other] リカバリーコードは{ $total }個中{ $left }個が残っています。
}
account-codes-hint = 以前のコードは使用できなくなります。
account-codes-renew = 新しいリカバリーコードを作成
account-codes-none = リカバリーコードは、最初の2要素認証を設定すると発行されます。

## セキュリティ：パスキー
account-passkeys-heading = パスキー
account-passkeys-intro = パスキーを使うと、パスワードを入力せずに、指紋、顔、またはデバイスの PIN でログインできます。
# 一覧のパスキー1件：$name（太字）は所有者が付けた名前、$added は追加日。
account-passkey = { $name } · { $added }に追加
# 使用済みのパスキーの場合：$used は最終使用日。
account-passkey-used = { $name } · { $added }に追加 · 最終使用：{ $used }
# スクリーンリーダー用のボタンのラベル。$name はパスキーの名前。
account-passkey-remove-label = パスキー { $name } を削除
account-passkey-remove = 削除
account-field-passkey-name = パスキーの名前（例：ノートパソコン）
account-field-passkey-password = パスワード（ログイン直後は不要）
account-passkey-add = パスキーを追加
account-passkey-needs-script = パスキーを追加するには JavaScript が必要です。
# サーバーの応答が使用できないときにパスキー用スクリプトが表示します。
account-passkey-failed = パスキーを開始できませんでした。ページを再読み込みして、もう一度お試しください。
# ブラウザのパスキーのダイアログが閉じられたときにパスキー用スクリプトが表示します。
account-passkey-cancelled = パスキーが使用されませんでした。もう一度お試しいただくか、別の方法をご利用ください。
# パスワードが未入力または誤っているときにパスキー用スクリプトが表示します。
account-passkey-password-needed = パスキーを追加するには、パスワードを入力してください。

## セッション
account-sessions-heading = セッション
# スクリーンリーダー用の表のキャプション。
account-sessions-caption = ログイン中のデバイス
account-sessions-device = デバイス
# ネットワーク（IP）アドレス。
account-sessions-address = アドレス
# 日時の列：セッションの開始日時。
account-sessions-signed-in = ログイン日時
# スクリーンリーダー用のボタンの列。
account-sessions-action = 操作
# ブラウザが自身の種類を示さなかったセッション。
account-sessions-unknown-device = 不明
# ページを表示しているブラウザのセッションに付けるバッジ。
account-sessions-this-browser = このブラウザ
# スクリーンリーダー用のボタンのラベル。$time は日時。
account-session-end-label = { $time }に開始したセッションをログアウト
account-session-end = ログアウト
account-sessions-end-all = すべての端末からログアウト

## ログイン連携（他のプロバイダー）
account-providers-heading = ログイン連携
account-providers-intro = 他のサービスのアカウントでログインできます。
# プロバイダー名の横に表示するバッジ。
account-provider-connected = 連携済み
# 連携したプロバイダーがメールアドレスを提供しなかった場合に、その代わりに表示します。
account-provider-no-email = 連携済み
# スクリーンリーダー用のボタンのラベル。$provider はプロバイダーの名前。
account-provider-disconnect-label = { $provider } の連携を解除
account-provider-disconnect = 連携を解除
# スクリーンリーダー用のリンクのラベル。$provider はプロバイダーの名前。
account-provider-connect-label = { $provider } と連携
account-provider-connect = 連携する

## 連携済みアプリ
account-apps-heading = 連携済みアプリ
account-apps-none = アカウントへのアクセス権を持つアプリはありません。
# $app（太字）はアプリの名前、$scopes はスコープのコードの一覧（openid、email…）、
# $since はユーザーが許可した日付。
account-app = { $app } が参照できる情報：{ $scopes }（{ $since }から）
# スクリーンリーダー用のボタンのラベル。$app はアプリの名前。
account-app-disconnect-label = { $app } の連携を解除
account-app-disconnect = 連携を解除

## データ
account-data-heading = あなたのデータ
account-data-intro = 当サービスが保持しているあなたに関するすべてのデータを、JSON ファイルでダウンロードできます。
account-data-download = データをダウンロード

## アカウントの削除
account-delete-heading = アカウントの削除
account-delete-intro = アカウントと個人データが消去されます。この操作は元に戻せません。
account-field-delete-password = 確認のため、パスワードを入力してください
account-delete-submit = アカウントを削除

## 一度だけ表示されるリカバリーコード（templates/pages/account_codes.html）
# ページのタイトルと見出し。
account-codes-title = リカバリーコード
account-codes-intro =
    スマートフォンやパスキーを紛失した場合は、2要素認証の代わりにこれらのコードを使ってログインできます。各コードは1回だけ使用できます。
    パスワードマネージャーなど、安全な場所に保管してください。
# account-codes-intro の後に太字で表示します。
account-codes-once = これらのコードは今回しか表示されません。
account-codes-saved = 保存しました

## 認証アプリの設定（templates/pages/account_totp.html）
# ページのタイトルと見出し。
account-totp-title = 認証アプリの設定
account-totp-scan = 認証アプリ（Google Authenticator、Microsoft Authenticator、1Password、Aegis など）を開き、このコードをスキャンしてください。
# スクリーンリーダー用の QR コードのラベル。
account-totp-qr-label = 認証アプリ用の QR コード
# 続いて秘密鍵が表示されます。
account-totp-type-key = スキャンできない場合は、代わりに次のキーを入力してください：
account-totp-type-code = アプリに表示されている6桁のコードを入力してください。
account-field-totp-code = アプリのコード
account-totp-confirm = 有効にする
account-totp-cancel = キャンセル
# 入力したコードが一致しないときに、コード欄の横に表示します。
totp-code-wrong = コードが正しくないか、古くなっています。アプリに現在表示されているコードを入力してください。

## ユーザーのページとメールの言語（プロフィールセクション）
account-field-language = 言語
# 言語を保存しない選択肢：ブラウザの言語、なければデフォルト。
account-language-automatic = 自動（ブラウザの言語）
account-language-hint = ページと、お送りするメールにこの言語が使用されます。
account-save-language = 言語を保存
account-notice-language = 言語を保存しました。
