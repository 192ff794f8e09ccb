## Member survey and e-mail
